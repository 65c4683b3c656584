"""Enrollment's background loop: the overdue scan (R-C2), one handler call per batch."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import structlog

from enrollment.domain.commands import FlagOverdue
from enrollment.handlers.overdue import flag_overdue as flag_overdue_batch
from enrollment.settings import EnrollmentSettings

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("enrollment.overdue")


async def flag_overdue(runtime: Runtime[EnrollmentSettings], *, batch_size: int = 100) -> int:
    """Flag every pending request whose deadline has passed, a batch per transaction;
    return how many were flagged."""
    flagged = 0
    while True:
        async with runtime.unit_of_work() as uow:
            count = await flag_overdue_batch(FlagOverdue(batch_size=batch_size), uow)
        if count == 0:
            return flagged
        flagged += count


async def overdue_watch(runtime: Runtime[EnrollmentSettings], stopping: asyncio.Event) -> None:
    settings = runtime.settings
    while not stopping.is_set():
        try:
            await flag_overdue(runtime, batch_size=settings.overdue_batch_size)
        except Exception:  # the database may be briefly unavailable: try again next round
            log.exception("overdue scan failed")
        # a move of the test clock ends the wait: requests overdue by the new time at once
        await runtime.pause(stopping, settings.overdue_scan_seconds)
