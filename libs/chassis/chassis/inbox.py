"""Idempotent consumers: an inbox row keyed by (event id, consumer).

The row is written in the same transaction as the handler's effects, so an
event redelivered by the broker or re-published by a relay after a crash finds
its row and changes nothing.
"""

from __future__ import annotations

import functools
from uuid import UUID

from sqlalchemy import Column, Insert, MetaData, String, Table, Uuid
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from chassis.db import UTCDateTime


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox",
        metadata,
        Column("event_id", Uuid, primary_key=True),
        Column("consumer", String(200), primary_key=True),
        Column("event_name", String(200), nullable=False),
        Column("processed_at", UTCDateTime, nullable=False),
    )


async def claim(
    connection: AsyncConnection,
    table: Table,
    *,
    event_id: UUID,
    consumer: str,
    event_name: str,
    processed_at: object,
) -> bool:
    """Record the event for this consumer; False when it was already recorded.

    INSERT .. ON CONFLICT DO NOTHING: a concurrent duplicate waits for the first
    transaction and then finds the row, on PostgreSQL as on SQLite. Sent on the
    transaction's connection (Core), not through the ORM session: the session's
    execute builds an ORM context for every statement, a third of the claim's CPU.
    """
    result = await connection.execute(
        _claim_statement(table, connection.dialect.name),
        {
            "event_id": event_id,
            "consumer": consumer,
            "event_name": event_name,
            "processed_at": processed_at,
        },
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def inbox_horizon_table(metadata: MetaData) -> Table:
    """Per consumer, before when its inbox rows were pruned (chassis.retention): an event
    older than that may be a copy of one whose row is gone, and is refused as stale."""
    return Table(
        "inbox_horizon",
        metadata,
        Column("consumer", String(200), primary_key=True),
        Column("pruned_before", UTCDateTime, nullable=False),
    )


@functools.cache
def _claim_statement(table: Table, dialect: str) -> Insert:
    """Built once per table: building `insert().values(...)` for every delivery cost
    more CPU than sending it (the values come with each execution instead)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=["event_id", "consumer"])
