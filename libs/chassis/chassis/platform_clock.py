"""The platform's test clock: the real clock plus an offset an admin moves forward (issue 14).

After Stripe's test clocks: a deployment started with `TEST_CLOCKS_ENABLED=true`
(refused when `ENVIRONMENT=production`, chassis.settings) runs every service on
`TestClock`, the real clock (or a test's `ManualClock`) plus an offset. Accounts
moves it (`PUT /accounts/test-clock`) and publishes `platform.test-clock.moved.v1`;
each other service's chassis applies it (`chassis.clock_moves`). Each keeps the
offset in its own database (`test_clock` table), so a restart keeps it and the
replicas that did not get the event read it within a second. Applying a larger
offset wakes whatever waits on `TestClock.moved()`: the scans and the relay pause
through `Runtime.pause`, so a deadline due by the new time fires at once, as if
the time had passed. Access tokens are signed and checked on the real clock
(`real_clock`), so a move does not sign everybody out.

Offsets only grow (time only moves forward): an offset smaller than the one in
force is ignored, so a duplicate or late event changes nothing.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.clock import Clock
from chassis.db import UTCDateTime

log = structlog.get_logger("chassis.test_clock")


class TestClock:
    """A clock running `offset` ahead of `base`; the offset only grows."""

    __test__ = False  # not a pytest test class

    def __init__(self, base: Clock, offset: timedelta = timedelta(0)) -> None:
        self.base = base
        self._offset = offset
        self._moved = asyncio.Event()

    def now(self) -> datetime:
        return self.base.now() + self._offset

    @property
    def offset(self) -> timedelta:
        return self._offset

    @property
    def in_force(self) -> bool:
        """Whether the platform's time differs from the real time (it was moved)."""
        return self._offset > timedelta(0)

    def offset_for(self, instant: datetime) -> timedelta:
        """The offset that makes `instant` the platform's time now."""
        return instant.astimezone(UTC) - self.base.now()

    def apply(self, offset: timedelta) -> bool:
        """Run `offset` ahead of the base clock if it is more than now; wake the waiters."""
        if offset <= self._offset:
            return False
        self._offset = offset
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()
        log.info("test clock moved", offset_seconds=offset.total_seconds(), now=self.now())
        return True

    def moved(self) -> asyncio.Event:
        """An event set by the next move (a new one after each move)."""
        return self._moved


def real_clock(clock: Clock) -> Clock:
    """The clock beneath a test clock: access tokens are signed and checked on real time,
    so moving the platform's time days ahead does not sign everybody out."""
    return clock.base if isinstance(clock, TestClock) else clock


def test_clock_table(metadata: MetaData) -> Table:
    """One row at most: the offset this service applies, and when it was last moved."""
    return Table(
        "test_clock",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("offset_microseconds", BigInteger, nullable=False),
        Column("platform_time", UTCDateTime, nullable=False),
        Column("moved_at", UTCDateTime, nullable=False),
    )


def microseconds(offset: timedelta) -> int:
    return offset // timedelta(microseconds=1)


async def stored_offset(session: AsyncSession, table: Table) -> timedelta:
    value = (await session.execute(select(table.c.offset_microseconds))).scalar()
    return timedelta(microseconds=value or 0)


async def raise_stored_offset(
    session: AsyncSession, table: Table, offset: timedelta, *, platform_time: datetime
) -> timedelta:
    """Store `offset` unless a larger one is stored; return the one that holds.

    Locks the row (on PostgreSQL) for the transaction, so two moves never lower it.
    """
    held = (await session.execute(select(table.c.offset_microseconds).with_for_update())).scalar()
    wanted = microseconds(offset)
    values = {
        "offset_microseconds": wanted,
        "platform_time": platform_time,
        "moved_at": datetime.now(UTC),
    }
    if held is None:
        await session.execute(insert(table).values(id=1, **values))
    elif held < wanted:
        await session.execute(update(table).values(**values))
    else:
        return timedelta(microseconds=held)
    return offset
