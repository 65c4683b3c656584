"""Waking the outbox relay when events are committed, in any process: LISTEN/NOTIFY.

On PostgreSQL a unit of work that commits events also sends
`pg_notify('outbox_<service>', <origin>)` in the same transaction (the same statement
as the outbox rows' INSERT), and PostgreSQL
delivers the notice at commit, and only if it commits, to every session
listening on that channel in the service's database. Each relay holds one such
session (`CommitListener`), so the relays of every process and replica of the
service (an operator's command, a second instance, a batch written by another
program) wake at once, instead of finding the rows at their next poll.

In the process that committed, the unit of work has already woken its own
relay (`after_commit`); the notice names that process (`origin`) and its own
listener ignores it, so a commit does not cost its relay a second, empty pass.

The poll stays as a safety net, seconds apart (`OUTBOX_POLL_SECONDS`): for a
notice lost while the listener was reconnecting after a database outage (a
reconnected listener also wakes the relay once, for what was committed
meanwhile). SQLite has no notices: there the relay is woken in process and
polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import structlog
from sqlalchemy import Insert, Select, Table, func, select
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from chassis.arrays import column_arrays, insert_from_arrays

log = structlog.get_logger("chassis.relay_wakeup")


def channel_for(service: str) -> str:
    """The channel a service's commits are announced on (each service has its database)."""
    return f"outbox_{service}"


def announced(writing: Insert, service: str, origin: str) -> Select[tuple[Any]]:
    """One statement that writes the outbox rows (`writing`, as a CTE: PostgreSQL runs it
    to completion although nothing reads it) and queues the notice in the open
    transaction: one round trip instead of two. The notice is sent at commit, never on a
    rollback."""
    return select(func.pg_notify(channel_for(service), origin)).add_cte(writing.cte("written"))


OUTBOX_COLUMNS = ("event_id", "name", "body", "correlation_id", "created_at")
"""The outbox columns a unit of work writes (the others have their defaults)."""


@functools.cache
def announced_rows(outbox: Table, service: str, origin: str) -> Select[tuple[Any]]:
    """`announced` for any number of outbox rows, given as one array per column
    (`as_column_arrays`; chassis.arrays): the same statement whatever the number of rows,
    so SQLAlchemy compiles it once and the driver prepares it once, and built once per
    outbox, service and origin (building it cost more than sending it)."""
    return announced(insert_from_arrays(outbox, OUTBOX_COLUMNS), service, origin)


def as_column_arrays(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The parameters of `announced_rows`: the rows' values, column by column."""
    return column_arrays(rows, OUTBOX_COLUMNS)


class CommitListener:
    """One connection listening on a service's channel, reconnecting after an outage.

    `on_commit` is called for each notice from another origin, and once after each
    (re)connection. A connection the server terminated is noticed at once (the
    driver reports its loss); one cut silently is found by a `SELECT 1` every
    `check_seconds`.
    """

    def __init__(
        self,
        url: str | URL,
        service: str,
        on_commit: Callable[[], None],
        *,
        origin: str,
        check_seconds: float = 5.0,
        max_backoff_seconds: float = 5.0,
    ) -> None:
        # A connection of its own, outside the service's pool: it is held for as long as
        # the service runs and never takes a slot from requests and deliveries.
        self._engine = create_async_engine(url, poolclass=NullPool, connect_args={"timeout": 10})
        self.channel = channel_for(service)
        self._on_commit = on_commit
        self.origin = origin
        self._check_seconds = check_seconds
        self._max_backoff = max_backoff_seconds
        self.listening = asyncio.Event()
        """Set while a connection listens (tests wait for it)."""
        self.backend_pid: int | None = None
        """The PostgreSQL backend of the listening connection, while there is one."""

    async def run(self, stopping: asyncio.Event) -> None:
        failures = 0
        try:
            while not stopping.is_set():
                try:
                    await self._listen(stopping)
                    failures = 0  # lost after listening: reconnect at once
                except Exception as error:  # the database is away: back off, try again
                    failures += 1
                    delay = min(self._max_backoff, 0.1 * 2**failures)
                    log.warning(
                        "outbox listener cannot connect, retrying",
                        error=repr(error)[:500],
                        retry_in=delay,
                    )
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stopping.wait(), timeout=delay)
        finally:
            await self._engine.dispose()

    async def _listen(self, stopping: asyncio.Event) -> None:
        """Listen until `stopping` or until the connection is lost."""
        connection = await self._engine.connect()
        try:
            driver: Any = (await connection.get_raw_connection()).driver_connection
            lost = asyncio.Event()
            driver.add_termination_listener(lambda _: lost.set())
            await driver.add_listener(self.channel, self._notice)
            self.backend_pid = driver.get_server_pid()
            self.listening.set()
            self._on_commit()  # what was committed while nobody listened
            while not (stopping.is_set() or lost.is_set()):
                await _first_of(stopping, lost, self._check_seconds)
                if stopping.is_set() or lost.is_set():
                    break
                try:
                    await driver.execute("SELECT 1", timeout=self._check_seconds)
                except Exception as error:  # any failure: reconnect
                    log.warning("outbox listener's connection failed", error=repr(error)[:500])
                    break
            if lost.is_set():
                log.warning("outbox listener lost its connection, reconnecting")
        finally:
            self.listening.clear()
            self.backend_pid = None
            with contextlib.suppress(Exception):
                await connection.invalidate()  # never back to a pool: closed for good
            with contextlib.suppress(Exception):
                await connection.close()

    def _notice(self, _connection: object, _pid: int, _channel: str, origin: str) -> None:
        if origin != self.origin:  # our own commits woke the relay already
            self._on_commit()


async def _first_of(first: asyncio.Event, second: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
