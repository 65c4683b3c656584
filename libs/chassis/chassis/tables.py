"""The tables the chassis adds to every service's metadata: outbox, inbox, idempotency keys,
the test clock's offset, the inbox's retention horizon, the sessions accounts ended.

A service's `adapters/tables.py` calls `delivery_tables(metadata)` once; the
chassis's unit of work, relay and consumers use what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData, Table

from chassis.ended_sessions import ended_sessions_table
from chassis.idempotency import idempotency_table
from chassis.inbox import inbox_horizon_table, inbox_table
from chassis.outbox import outbox_table
from chassis.platform_clock import test_clock_table


@dataclass(frozen=True)
class DeliveryTables:
    outbox: Table
    inbox: Table
    idempotency: Table
    test_clock: Table
    inbox_horizon: Table
    """Per consumer, before when its inbox rows were pruned (chassis.retention)."""
    ended_sessions: Table


def delivery_tables(metadata: MetaData) -> DeliveryTables:
    """Add the chassis's tables to a service's metadata."""
    return DeliveryTables(
        outbox=outbox_table(metadata),
        inbox=inbox_table(metadata),
        idempotency=idempotency_table(metadata),
        test_clock=test_clock_table(metadata),
        inbox_horizon=inbox_horizon_table(metadata),
        ended_sessions=ended_sessions_table(metadata),
    )
