"""A unit of work: one transaction, the events it causes, and nothing until commit.

`async with runtime.unit_of_work() as uow:` opens a session; `uow.publish(event)`
stages an event; `await uow.commit()` writes the staged events to the outbox
and commits them with the state change, atomically. Leaving the block without
committing rolls everything back, events included. On PostgreSQL the commit
also announces the events (`pg_notify`, chassis.relay_wakeup), so the relays of
the service's other processes and replicas wake at once; the relay of this
process is woken directly (`after_commit`).

A handler owns its transaction, whether it answers a command (an HTTP request,
an operator's command) or an event: it ends with `await uow.commit()` once its
work is whole. In a consumer, the inbox row that marks the event handled is in
the same transaction, so an event whose handler did not commit is handled again
on its next delivery.

`UnitOfWork[S]` is typed by its service's settings class: `uow.settings` is
that class, never `Any` (each service names `UnitOfWork[ItsSettings]` once).
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Generic, Self, TypeVar
from uuid import UUID

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from chassis.clock import Clock
from chassis.correlation import current_correlation_id
from chassis.idempotency import current_claim, mark_committed
from chassis.relay_wakeup import announced_rows, as_column_arrays
from chassis.settings import ServiceSettings
from contracts import Envelope, Event

S = TypeVar("S", bound=ServiceSettings)

OUTBOX_ROWS_PER_STATEMENT = 1000
"""Rows of one multi-row INSERT: 5,000 parameters, well within PostgreSQL's 65,535."""


class UnitOfWork(Generic[S]):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Table,
        *,
        producer: str,
        clock: Clock,
        settings: S,
        after_commit: Callable[[], None] = lambda: None,
        origin: str = "",
    ) -> None:
        """`origin` names the process in its commits' announcements: the relay that
        `after_commit` wakes ignores the announcements carrying it (chassis.relay_wakeup)."""
        self._sessions = sessions
        self._outbox = outbox
        self._producer = producer
        self.clock = clock
        self.settings: S = settings
        """The service's settings, for handlers that need configuration (e.g. a link's base URL)."""
        self.committed = False
        """Whether commit() ran in this block: a consumer's handler must have committed."""
        self._after_commit = after_commit
        self._origin = origin
        self._staged: list[Envelope] = []
        self._session: AsyncSession | None = None
        self.caused_by: Envelope | None = None
        """The event being handled, when this unit of work runs in a consumer."""
        self.batched = False
        """Several events handled in this one transaction (chassis.consumers, batches): a
        handler's commit() only flushes, `commit_batch()` commits them all."""
        self._batch_published = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its 'async with' block")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        self._staged = []
        self.committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        self._staged = []
        await session.rollback()
        await session.close()

    def publish(self, event: Event, *, event_id: UUID | None = None) -> Envelope:
        """Stage an event; it is written to the outbox by commit(), never before."""
        envelope = Envelope.wrap(
            event,
            producer=self._producer,
            occurred_at=self.clock.now(),
            correlation_id=current_correlation_id(),
            event_id=event_id,
        )
        self._staged.append(envelope)
        return envelope

    async def commit(self) -> None:
        staged, self._staged = self._staged, []
        if staged:
            await self._write_outbox(staged)
        if self.batched:
            await self.session.flush()
            self.committed = True
            self._batch_published |= bool(staged)
            return
        claim = current_claim.get()
        await mark_committed(self.session, claim)  # a retried POST never runs twice
        await self.session.commit()
        if claim is not None:
            claim.committed = True
        self.committed = True
        if staged:
            self._after_commit()

    async def _write_outbox(self, staged: list[Envelope]) -> None:
        """The staged events' outbox rows, with the commit's notice on PostgreSQL: one
        statement (Core on the session's connection), the same whatever the number of rows
        (`announced_rows`); on SQLite one for up to `OUTBOX_ROWS_PER_STATEMENT` events."""
        connection = await self.session.connection()
        rows = [
            {
                "event_id": e.event_id,
                "name": e.name,
                "body": e.model_dump_json(),
                "correlation_id": e.correlation_id,
                "created_at": e.occurred_at,
            }
            for e in staged
        ]
        if connection.dialect.name == "postgresql":
            writing = announced_rows(self._outbox, self._producer, self._origin)
            await connection.execute(writing, as_column_arrays(rows))
            return
        for start in range(0, len(rows), OUTBOX_ROWS_PER_STATEMENT):
            await connection.execute(
                insert(self._outbox).values(rows[start : start + OUTBOX_ROWS_PER_STATEMENT])
            )

    async def commit_batch(self) -> None:
        """Commit what the batch's handlers committed (a batched unit of work only)."""
        await self.session.commit()
        if self._batch_published:
            self._batch_published = False
            self._after_commit()

    async def rollback(self) -> None:
        self._staged = []
        if self.batched:
            # Rolling back would drop the other events of the batch: this one is handled
            # again on its own, in a transaction of its own (chassis.consumers).
            raise BatchRollback("a handler rolled back inside a batch")
        await self.session.rollback()


class BatchRollback(Exception):
    """A handler rolled back in a batched unit of work: its event is handled alone."""
