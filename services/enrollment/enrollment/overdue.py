"""R-C2: a request still pending at its deadline is flagged overdue and staff alerted once.

`flag_overdue` is one pass; `overdue_watch` runs it as the service's
background loop. Each pass claims due rows with `FOR UPDATE SKIP LOCKED`
and re-checks `overdue_at IS NULL`, so two instances never alert twice; the
flag and the alert event commit together through the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import select

from contracts.enrollment import ValidationOverdueV1
from enrollment.adapters.tables import Booking
from enrollment.domain.status import Status
from enrollment.handlers import session_facts
from enrollment.settings import EnrollmentSettings

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("enrollment.overdue")


async def flag_overdue(runtime: Runtime, *, batch_size: int = 100) -> int:
    """Flag every pending request whose deadline has passed; return how many were flagged."""
    flagged = 0
    while True:
        async with runtime.unit_of_work() as uow:
            now = uow.clock.now()
            due = (
                await uow.session.scalars(
                    select(Booking)
                    .where(
                        Booking.status == Status.PENDING_VALIDATION,
                        Booking.overdue_at.is_(None),
                        Booking.validation_due_at <= now,
                    )
                    .order_by(Booking.validation_due_at)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not due:
                return flagged
            facts = {
                session_id: await session_facts(uow, session_id)
                for session_id in {b.session_id for b in due}
            }
            for booking in due:
                booking.overdue_at = now
                uow.publish(
                    ValidationOverdueV1(
                        booking_id=booking.id,
                        session=facts[booking.session_id],
                        requested_at=booking.requested_at,
                        due_at=booking.validation_due_at,
                    )
                )
            await uow.commit()
            flagged += len(due)
            log.warning("booking requests overdue", count=len(due))


async def overdue_watch(runtime: Runtime, stopping: asyncio.Event) -> None:
    settings = runtime.settings
    if not isinstance(settings, EnrollmentSettings):
        raise TypeError("the enrollment service runs with EnrollmentSettings")
    while not stopping.is_set():
        try:
            await flag_overdue(runtime, batch_size=settings.overdue_batch_size)
        except Exception:  # the database may be briefly unavailable: try again next round
            log.exception("overdue scan failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=settings.overdue_scan_seconds)
