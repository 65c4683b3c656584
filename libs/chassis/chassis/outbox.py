"""Transactional outbox: events are rows committed with the state change that caused them.

A relay publishes pending rows with publisher confirms, persistent delivery and
mandatory routing, a batch at a time with the confirms awaited together, and
marks them sent. It resumes after a crash or a broker outage; a row published
but not yet marked when the process dies is published again, and the consumers'
inbox makes that second copy harmless.

The relay runs when woken: by a commit in its own process (`wake`), by a commit
in any other process on PostgreSQL (its `CommitListener`, chassis.relay_wakeup),
and otherwise every `poll_seconds`, a safety net.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

import structlog
from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    any_,
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.clock import Clock
from chassis.db import BigIntId, Database, UTCDateTime
from chassis.relay_wakeup import CommitListener

log = structlog.get_logger("chassis.outbox")


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", BigIntId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("name", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("correlation_id", String(128), nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("published_at", UTCDateTime, nullable=True),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text, nullable=True),
        Index("ix_outbox_pending", "id", postgresql_where=text("published_at IS NULL")),
    )


@dataclass(frozen=True)
class OutgoingMessage:
    event_id: UUID
    name: str
    body: str
    correlation_id: str
    created_at: datetime


class Publisher(Protocol):
    async def publish_many(self, messages: Sequence[OutgoingMessage]) -> list[BaseException | None]:
        """Publish all, awaiting their confirms together; one result per message, in order."""
        ...


@dataclass(frozen=True)
class Backlog:
    pending: int
    oldest_created_at: datetime | None


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        table: Table,
        publisher: Publisher,
        clock: Clock,
        *,
        batch_size: int = 200,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 5.0,
        on_relayed: Callable[[int, int], None] | None = None,
        listen_as: tuple[str, str] | None = None,
    ) -> None:
        """`on_relayed(sent, failed)` is told the outcome of each batch (for metrics).

        `listen_as=(service, origin)`: on PostgreSQL, also wake on the commits of the
        service announced by other processes (chassis.relay_wakeup); `origin` names
        this process's own commits, which `wake` is told of directly.
        """
        self._db = db
        self._table = table
        self._publisher = publisher
        self._clock = clock
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._wakeup = asyncio.Event()
        self._on_relayed = on_relayed
        self.listener: CommitListener | None = None
        if listen_as is not None and db.dialect == "postgresql":
            service, origin = listen_as
            self.listener = CommitListener(
                db.engine.url,
                service,
                self.wake,
                origin=origin,
                check_seconds=max(1.0, min(poll_seconds, 30.0)),
                max_backoff_seconds=max_backoff_seconds,
            )

    def wake(self) -> None:
        """Called after a commit that staged events, so they leave without waiting a poll."""
        self._wakeup.set()

    async def run(self, stopping: asyncio.Event) -> None:
        listening = None
        if self.listener is not None:
            listening = asyncio.create_task(self.listener.run(stopping), name="outbox-listener")
        try:
            await self._relay(stopping)
        finally:
            if listening is not None:
                # Nothing to finish there, and a connect under way during a database
                # outage must not hold the shutdown: cancelled, it closes its connection.
                listening.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listening

    async def _relay(self, stopping: asyncio.Event) -> None:
        failures = 0
        while not stopping.is_set():
            # Cleared before the pass: a wake during it (a commit its query may have
            # missed) makes the next pass start at once.
            self._wakeup.clear()
            try:
                sent = await self.relay_once()
                failures = 0
            except Exception as error:  # the broker or database is away: back off, resume
                failures += 1
                delay = min(self._max_backoff, 0.1 * 2**failures)
                log.warning("outbox relay failed, retrying", error=repr(error), retry_in=delay)
                await _sleep_or_stop(stopping, delay)
                continue
            if sent >= self._batch_size:
                continue  # more may be waiting
            await _wait_any(stopping, self._wakeup, self._poll_seconds)

    async def relay_once(self) -> int:
        """Publish one batch of pending rows; return how many were confirmed."""
        t = self._table
        async with self._db.session() as session, session.begin():
            # SKIP LOCKED lets several relay instances share the backlog without
            # publishing the same row twice at the same time.
            query = (
                select(t.c.id, t.c.event_id, t.c.name, t.c.body, t.c.correlation_id, t.c.created_at)
                .where(t.c.published_at.is_(None))
                .order_by(t.c.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.execute(query)).all()
            if not rows:
                return 0
            messages = [
                OutgoingMessage(r.event_id, r.name, r.body, r.correlation_id, r.created_at)
                for r in rows
            ]
            results = await self._publisher.publish_many(messages)
            sent = [row.id for row, error in zip(rows, results, strict=True) if error is None]
            failed = [
                (row.id, error)
                for row, error in zip(rows, results, strict=True)
                if error is not None
            ]
            if sent:
                await self._mark_published(session, sent)
            for row_id, error in failed:
                await session.execute(
                    sql_update(t)
                    .where(t.c.id == row_id)
                    .values(attempts=t.c.attempts + 1, last_error=repr(error)[:2000])
                )
        if self._on_relayed is not None:
            self._on_relayed(len(sent), len(failed))
        if failed and not sent:
            raise failed[0][1]
        if sent:
            log.debug("outbox rows published", count=len(sent), failed=len(failed))
        return len(sent)

    async def _mark_published(self, session: AsyncSession, row_ids: list[int]) -> None:
        t = self._table
        if self._db.engine.dialect.name == "postgresql":
            # `= ANY(:ids)`: one array parameter, so one prepared statement serves every
            # batch (an `IN` list is rendered anew for each count of rows)
            among = t.c.id == any_(bindparam("row_ids", row_ids, type_=ARRAY(t.c.id.type)))
        else:
            among = t.c.id.in_(row_ids)
        await session.execute(
            sql_update(t)
            .where(among)
            .values(published_at=self._clock.now(), attempts=t.c.attempts + 1)
        )

    async def backlog(self) -> Backlog:
        return await read_backlog(self._db, self._table)


async def read_backlog(db: Database, table: Table) -> Backlog:
    """How many outbox rows wait to be published, and when the oldest was written."""
    t = table
    async with db.session() as session:
        row = (
            await session.execute(
                select(func.count(), func.min(t.c.created_at)).where(t.c.published_at.is_(None))
            )
        ).one()
    oldest = row[1]
    if oldest is not None and oldest.tzinfo is None:
        oldest = UTCDateTime().process_result_value(oldest, db.engine.dialect)
    return Backlog(pending=row[0], oldest_created_at=oldest)


async def _sleep_or_stop(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), timeout=seconds)


async def _wait_any(stopping: asyncio.Event, wakeup: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(stopping.wait()), asyncio.ensure_future(wakeup.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
