"""The platform's test clock (issue 14): read it, move it forward, tell every service.

Accounts holds the admin API; the clock itself is the chassis's (`chassis.platform_clock`).
A move stores the new offset in accounts' database and stages
`platform.test-clock.moved.v1` in the same transaction; once committed, accounts'
own clock runs on it, and every other service applies it when the event arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.adapters.tables import delivery
from accounts.domain.commands import MoveTestClock
from accounts.domain.refusals import TestClockBackwards, TestClocksDisabled
from accounts.handlers import Uow
from chassis.platform_clock import TestClock, microseconds, raise_stored_offset
from contracts.platform import TestClockMovedV1


@dataclass(frozen=True)
class TestClockState:
    __test__ = False

    now: datetime
    in_force: bool
    offset: timedelta


def _test_clock(uow: Uow) -> TestClock:
    if not isinstance(uow.clock, TestClock):
        raise TestClocksDisabled()
    return uow.clock


async def read_test_clock(uow: Uow) -> TestClockState:
    clock = _test_clock(uow)
    return TestClockState(now=clock.now(), in_force=clock.in_force, offset=clock.offset)


async def move_test_clock(command: MoveTestClock, uow: Uow) -> TestClockState:
    clock = _test_clock(uow)
    now = clock.now()
    target = command.to if command.to is not None else now + (command.by or timedelta(0))
    if target <= now:
        raise TestClockBackwards(now.isoformat())
    held = await raise_stored_offset(
        uow.session, delivery.test_clock, clock.offset_for(target), platform_time=target
    )
    uow.publish(
        TestClockMovedV1(
            offset_microseconds=microseconds(held),
            platform_time=clock.base.now() + held,
            moved_by=command.moved_by,
        )
    )
    await uow.commit()
    clock.apply(held)
    return TestClockState(now=clock.now(), in_force=clock.in_force, offset=clock.offset)
