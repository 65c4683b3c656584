"""How a running service follows the platform's test clock (issue 14, chassis.platform_clock).

It consumes `platform.test-clock.moved.v1` (every service but accounts, which moves
the clock), stores the offset in its database and applies it; it reads the stored
offset at start and twice a second after, so a restart keeps the moved time and a
replica that did not get the event follows within a second.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING

import structlog

from chassis.consumers import Consumer
from chassis.platform_clock import raise_stored_offset, stored_offset
from contracts.platform import TestClockMovedV1
from contracts.topology import TEST_CLOCK_MOVED

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.unit_of_work import UnitOfWork

log = structlog.get_logger("chassis.test_clock")


def moved_consumer(runtime: Runtime) -> Consumer | None:
    """The chassis's consumer of `platform.test-clock.moved.v1` for this service, if any."""
    queue = TEST_CLOCK_MOVED.get(runtime.definition.name)
    if queue is None:
        return None

    async def on_moved(event: TestClockMovedV1, uow: UnitOfWork) -> None:
        clock = runtime.test_clock
        if clock is None:
            log.warning("test clock move ignored: test clocks are not enabled here")
            await uow.commit()
            return
        held = await raise_stored_offset(
            uow.session,
            runtime.delivery.test_clock,
            timedelta(microseconds=event.offset_microseconds),
            platform_time=event.platform_time,
        )
        await uow.commit()
        clock.apply(held)

    return Consumer(queue=queue, handler=on_moved)


async def load_stored_offset(runtime: Runtime) -> None:
    """Apply the offset this service's database holds (at start, and to follow replicas)."""
    if runtime.test_clock is None:
        return
    async with runtime.db.session() as session:
        runtime.test_clock.apply(await stored_offset(session, runtime.delivery.test_clock))


async def follow_stored_offset(
    runtime: Runtime, stopping: asyncio.Event, every_seconds: float = 0.5
) -> None:
    """Read the stored offset every `every_seconds`: a move another replica of this
    service consumed (or that accounts' other replica made) holds here within a second."""
    while not stopping.is_set():
        try:
            await load_stored_offset(runtime)
        except Exception as error:  # the database is away: the clock keeps its offset
            log.warning("test clock not read", error=repr(error)[:300])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=every_seconds)
