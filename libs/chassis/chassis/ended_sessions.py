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
- forgets them once past: the consumer deletes the expired rows as it records new
  ones, so the table only holds what can still matter.

The wiring to a running service (the consumer, the rereading) is in
`chassis.ended_sessions_follow`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, MetaData, String, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.clock import Clock
from chassis.db import UTCDateTime
from chassis.tokens import Principal
from contracts.accounts import SessionsEndedV1


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
        # what is past goes at the same time: the table only holds what can still matter
        now = self._clock.now()
        await session.execute(delete(self.table).where(self.table.c.valid_until < now))
        dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        rows = [
            {"session_id": str(s), "valid_until": event.tokens_valid_until}
            for s in event.session_ids
        ]
        await session.execute(insert(self.table).on_conflict_do_nothing(), rows)

    async def reload(self, session: AsyncSession) -> None:
        """Read what the table holds (other replicas' consumption): a read only, so it never
        takes SQLite's write lock from the service's own writers."""
        found = await session.execute(
            select(self.table.c.session_id, self.table.c.valid_until).where(
                self.table.c.valid_until >= self._clock.now()
            )
        )
        self._until = {row.session_id: row.valid_until for row in found}
