"""Sessions accounts ended, refused by this service's token checks within a second.

An access token lives 15 minutes and is checked by its signature alone, so a
session ended by logging out, by a password reset (R-A3) or an email change
(R-A5) would go on opening enrollment, billing, incompany and notifications
until its tokens expire. Accounts announces every ended session
(`accounts.sessions.ended.v1`); the chassis of each other service:

- consumes it (`ended_consumer`) and keeps the session ids in its database,
  each until `tokens_valid_until`, when its tokens are refused as expired anyway;
- holds them in memory for `TokenVerifier`'s `is_ended`, asked on every
  verification, cached token or not: the replica that consumed the event refuses
  at once, the others within a second (`follow`, which rereads the table, as a
  restarted process does at start);
- forgets them once past: the table only holds what can still matter.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import Column, Index, MetaData, String, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.clock import Clock
from chassis.consumers import Consumer
from chassis.db import UTCDateTime
from chassis.tokens import Principal
from contracts.accounts import SessionsEndedV1
from contracts.topology import ENDED_SESSIONS

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.unit_of_work import UnitOfWork

log = structlog.get_logger("chassis.ended_sessions")

FOLLOW_SECONDS = 1.0
"""How often a replica rereads the ended sessions another replica consumed."""


def ended_sessions_table(metadata: MetaData) -> Table:
    return Table(
        "ended_sessions",
        metadata,
        Column("session_id", String(64), primary_key=True),
        Column("valid_until", UTCDateTime, nullable=False),
        Index("ix_ended_sessions_valid_until", "valid_until"),
    )


class EndedSessions:
    """The ended sessions whose tokens may still be unexpired, in memory."""

    def __init__(self, table: Table, clock: Clock) -> None:
        self.table = table
        self._clock = clock
        """Real time: tokens live on it (chassis.platform_clock)."""
        self._until: dict[str, datetime] = {}

    def is_ended(self, principal: Principal) -> bool:
        until = self._until.get(principal.session_id)
        return until is not None and until >= self._clock.now()

    def remember(self, session_ids: list[str], valid_until: datetime) -> None:
        for session_id in session_ids:
            self._until[session_id] = max(valid_until, self._until.get(session_id, valid_until))

    async def record(self, session: AsyncSession, event: SessionsEndedV1) -> None:
        """Keep the event's sessions (a step of the consumer's transaction)."""
        dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        rows = [
            {"session_id": str(s), "valid_until": event.tokens_valid_until}
            for s in event.session_ids
        ]
        await session.execute(insert(self.table).on_conflict_do_nothing(), rows)

    async def reload(self, session: AsyncSession) -> None:
        """Read what the table holds (other replicas' consumption); forget what is past."""
        now = self._clock.now()
        await session.execute(delete(self.table).where(self.table.c.valid_until < now))
        found = await session.execute(select(self.table.c.session_id, self.table.c.valid_until))
        self._until = {row.session_id: row.valid_until for row in found}
        await session.commit()


def ended_consumer(runtime: Runtime) -> Consumer | None:
    """The chassis's consumer of `accounts.sessions.ended.v1` for this service, if any."""
    queue = next(
        (q for q in ENDED_SESSIONS if q.name.startswith(f"{runtime.definition.name}.")), None
    )
    if queue is None:
        return None

    async def on_ended(event: SessionsEndedV1, uow: UnitOfWork) -> None:
        await runtime.ended_sessions.record(uow.session, event)
        await uow.commit()
        runtime.ended_sessions.remember(
            [str(s) for s in event.session_ids], event.tokens_valid_until
        )
        log.info("sessions ended", sessions=len(event.session_ids), reason=event.reason)

    return Consumer(queue=queue, handler=on_ended)


async def load(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await runtime.ended_sessions.reload(session)


async def follow(runtime: Runtime, stopping: asyncio.Event) -> None:
    """Reread the ended sessions every `FOLLOW_SECONDS`, as long as the service runs."""
    while not stopping.is_set():
        try:
            await load(runtime)
        except Exception as error:  # the database is away: the sessions known are kept
            log.warning("ended sessions not read", error=repr(error)[:300])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=FOLLOW_SECONDS)
