"""The deadline scan: a background loop firing due deadlines, batch after batch.

Each pass is one call of `handlers.deadlines.settle_due_deadlines` (how a batch
is claimed, fired exactly once and settled is told there). A full pass that
made progress is followed at once by the next; otherwise the scan waits
`deadline_poll_seconds`. An unreachable database stops a pass: the loop backs
off and resumes.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from chassis.service import Runtime
from incompany.handlers import deadlines
from incompany.settings import IncompanySettings

log = structlog.get_logger("incompany.deadlines")


async def fire_due_deadlines(runtime: Runtime[IncompanySettings], limit: int | None = None) -> int:
    """Claim one batch of due deadlines (at most `limit`, default the batch size) and settle
    them; return how many were settled."""
    size = limit or runtime.settings.deadline_batch_size
    return (await deadlines.settle_due_deadlines(runtime.unit_of_work, size)).settled


async def scan_deadlines(runtime: Runtime[IncompanySettings], stopping: asyncio.Event) -> None:
    """The background task: scan every `deadline_poll_seconds` until the service stops."""
    settings = runtime.settings
    size = settings.deadline_batch_size
    failures = 0
    while not stopping.is_set():
        try:
            tally = await deadlines.settle_due_deadlines(runtime.unit_of_work, size)
            failures = 0
        except Exception as error:  # the database is away: back off, resume
            failures += 1
            delay = min(settings.deadline_poll_seconds, 0.1 * 2**failures)
            log.warning("deadline scan failed, retrying", error=repr(error), retry_in=delay)
            await _sleep_or_stop(stopping, delay)
            continue
        if tally.claimed >= size and tally.left < tally.claimed:
            continue  # a full batch that made progress: more may be due
        # a move of the test clock ends the wait: what is due by the new time fires at once
        await runtime.pause(stopping, settings.deadline_poll_seconds)


async def _sleep_or_stop(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
