"""R-C2: a request still pending at its deadline is flagged overdue and staff alerted once."""

from __future__ import annotations

import structlog

from contracts.enrollment import ValidationOverdueV1
from enrollment.adapters import bookings, catalogue
from enrollment.domain.commands import FlagOverdue
from enrollment.handlers import Uow

log = structlog.get_logger("enrollment.overdue")


async def flag_overdue(command: FlagOverdue, uow: Uow) -> int:
    """Flag up to a batch of requests past their deadline; return how many were flagged.

    The flag and the alert event commit together through the outbox. Rows are
    claimed with `SKIP LOCKED` and re-checked unflagged, so two instances never
    alert twice.
    """
    now = uow.clock.now()
    due = await bookings.overdue(uow.session, now=now, limit=command.batch_size)
    if not due:
        await uow.commit()
        return 0
    facts = {
        session_id: await catalogue.session_facts(uow.session, session_id)
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
    log.warning("booking requests overdue", count=len(due))
    return len(due)
