"""Retention: rows that only record what already happened are deleted once old (issue 18).

Every service keeps the outbox (events published), the inbox (events consumed),
answers for retried POSTs (idempotency keys, useless after 24 hours) and, for
some, rows of its own (notifications' sent messages). Nothing needs them
forever: a published outbox row is never read again, and an inbox row only has
to outlive every copy of its event that could still arrive. Each `RetentionRule`
names a kind of row, its window (a setting) and how to delete one bounded batch
of rows older than `now - window`; `prune` runs them batch by batch, each batch
its own short transaction, so a large backlog never holds locks for long. The
chassis runs it periodically in every service (`retention_loop`) and an operator
runs it at will (`<service> retention`).

Inbox rows and redeliveries. Deleting the inbox row of an event would let a
late copy of that event be applied a second time. So, in the transaction
that deletes a consumer's rows, the prune records the consumer's *horizon*
(`inbox_horizon`): every row of that consumer processed before it is gone. A
delivery whose inbox claim succeeds is then checked against the horizon: an
event that occurred before it (plus `CLOCK_SKEW`, the most the producer's
clock may run ahead of ours) might be a copy of a pruned one, so it is
refused as stale: dead-lettered, never applied, with a reason saying so
(chassis.consumers). The check runs after the claim, in the same
transaction: a copy racing the prune waits on the deleted row's key and then
reads the horizon the prune committed. Since a horizon is at most `now -
inbox_retention_days` and that window is at least `MIN_INBOX_RETENTION`, an
event younger than that is never checked: the hot path costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import Table, delete, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.clock import Clock
from chassis.db import Database
from chassis.idempotency import KEPT_FOR
from chassis.settings import ServiceSettings

if TYPE_CHECKING:
    from chassis.tables import DeliveryTables

log = structlog.get_logger("chassis.retention")

MIN_INBOX_RETENTION = timedelta(days=7)
"""The shortest inbox window a setting may give (`inbox_retention_days` >= 7)."""
CLOCK_SKEW = timedelta(hours=1)
"""How far a producer's clock may run ahead of a consumer's before a copy of a pruned
event could pass the horizon; real clocks are synchronised to well under a second."""
FIRST_PASS_AFTER_SECONDS = 600.0
"""The periodic prune's first pass, ten minutes after start: not in the way of a starting
service (nor of a test moving a manual clock), and still done by a replica restarted often."""


DeleteBatch = Callable[[AsyncSession, datetime, int], Awaitable[int]]
"""Delete at most `limit` rows older than the cutoff, in the session's transaction;
return how many were deleted."""
CountOlder = Callable[[AsyncSession, datetime], Awaitable[int]]


@dataclass(frozen=True)
class RetentionRule:
    name: str
    window: Callable[[Any], timedelta]
    """The window, read from the service's settings."""
    delete_batch: DeleteBatch
    count_older: CountOlder


def older_rows(
    table: Table, time_column: str, window: Callable[[Any], timedelta], *extra: Any
) -> RetentionRule:
    """A rule for the rows of `table` whose `time_column` is older than `now - window(settings)`
    (and `extra` holds), e.g. notifications' sent messages."""
    key = list(table.primary_key.columns)
    stamp = table.c[time_column]

    def where(cutoff: datetime) -> list[Any]:
        return [stamp.is_not(None), stamp < cutoff, *extra]

    async def delete_batch(session: AsyncSession, cutoff: datetime, limit: int) -> int:
        keys = (await session.execute(select(*key).where(*where(cutoff)).limit(limit))).all()
        if keys:
            await session.execute(delete(table).where(tuple_(*key).in_([tuple(k) for k in keys])))
        return len(keys)

    async def count_older(session: AsyncSession, cutoff: datetime) -> int:
        found = await session.scalar(select(func.count()).select_from(table).where(*where(cutoff)))
        return int(found or 0)

    return RetentionRule(table.name, window, delete_batch, count_older)


def chassis_rules(delivery: DeliveryTables) -> list[RetentionRule]:
    """The outbox's published rows, the inbox's rows and the expired idempotency records
    (kept 24 hours for a retried POST, then useless), every service's."""
    published = older_rows(
        delivery.outbox, "published_at", lambda s: timedelta(days=s.outbox_retention_days)
    )
    consumed = older_rows(
        delivery.inbox, "processed_at", lambda s: timedelta(days=s.inbox_retention_days)
    )
    inbox, horizon = delivery.inbox, delivery.inbox_horizon

    async def prune_inbox_batch(session: AsyncSession, cutoff: datetime, limit: int) -> int:
        consumers = (
            await session.scalars(
                select(inbox.c.consumer).where(inbox.c.processed_at < cutoff).distinct()
            )
        ).all()
        for consumer in consumers:  # first: a copy racing this delete then reads it
            await raise_horizon(session, horizon, consumer, cutoff)
        return await consumed.delete_batch(session, cutoff, limit)

    return [
        published,
        RetentionRule("inbox", consumed.window, prune_inbox_batch, consumed.count_older),
        older_rows(delivery.idempotency, "created_at", lambda _: KEPT_FOR),
    ]


async def raise_horizon(
    session: AsyncSession, horizon: Table, consumer: str, pruned_before: datetime
) -> None:
    """Record that the consumer's inbox rows processed before `pruned_before` are gone
    (a horizon only moves forward)."""
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(horizon).values(consumer=consumer, pruned_before=pruned_before)
    larger = func.max if dialect == "sqlite" else func.greatest  # SQLite's max(a, b) is scalar
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["consumer"],
            set_={
                "pruned_before": larger(horizon.c.pruned_before, statement.excluded.pruned_before)
            },
        )
    )


async def stale_for(
    session: AsyncSession,
    horizon: Table,
    *,
    consumer: str,
    occurred_at: datetime,
    now: datetime,
) -> datetime | None:
    """The consumer's horizon when an event that occurred at `occurred_at` may be a copy
    of one whose inbox row was pruned; None when it is surely not."""
    if occurred_at >= now - MIN_INBOX_RETENTION + CLOCK_SKEW:
        return None  # younger than any horizon can be
    pruned_before = await session.scalar(
        select(horizon.c.pruned_before).where(horizon.c.consumer == consumer)
    )
    if pruned_before is None:
        return None
    return pruned_before if occurred_at < pruned_before + CLOCK_SKEW else None


@dataclass(frozen=True)
class Pruned:
    name: str
    cutoff: datetime
    rows: int


async def prune(
    db: Database,
    rules: Sequence[RetentionRule],
    settings: ServiceSettings,
    clock: Clock,
    *,
    dry_run: bool = False,
) -> list[Pruned]:
    """Delete (or, dry, count) what every rule's window has passed, batch by batch."""
    now = clock.now()
    batch = settings.retention_batch_size
    done = []
    for rule in rules:
        cutoff = now - rule.window(settings)
        total = 0
        if dry_run:
            async with db.session() as session:
                total = await rule.count_older(session, cutoff)
        else:
            while True:
                async with db.session() as session, session.begin():
                    deleted = await rule.delete_batch(session, cutoff, batch)
                total += deleted
                if deleted < batch:
                    break
        done.append(Pruned(rule.name, cutoff, total))
    return done


def rules_of(runtime_or_definition: Any) -> list[RetentionRule]:
    """The chassis's rules and the service's own (`ServiceDefinition.retention`)."""
    definition = getattr(runtime_or_definition, "definition", runtime_or_definition)
    return [*chassis_rules(definition.delivery), *definition.retention]


async def retention_loop(runtime: Any, stopping: asyncio.Event) -> None:
    """Prune every `retention_interval_seconds` of real time, the first pass soon after
    start; a failed pass (the database away) is logged and tried at the next."""
    interval = runtime.settings.retention_interval_seconds
    delay = min(interval, FIRST_PASS_AFTER_SECONDS)
    rules = rules_of(runtime)
    while not stopping.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=delay)
        if stopping.is_set():
            return
        delay = interval
        try:
            done = await prune(runtime.db, rules, runtime.settings, runtime.clock)
        except Exception as error:
            log.warning("retention pass failed, tried again later", error=repr(error)[:300])
            continue
        if any(p.rows for p in done):
            log.info("old rows deleted", **{p.name: p.rows for p in done})
