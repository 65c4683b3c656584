"""The tables the chassis adds to every service's metadata: the outbox and the inbox.

A service's `adapters/tables.py` calls `delivery_tables(metadata)` once; the
chassis's unit of work, relay and consumers use what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData, Table

from chassis.inbox import inbox_table
from chassis.outbox import outbox_table


@dataclass(frozen=True)
class DeliveryTables:
    outbox: Table
    inbox: Table


def delivery_tables(metadata: MetaData) -> DeliveryTables:
    """Add the outbox and inbox tables to a service's metadata."""
    return DeliveryTables(outbox=outbox_table(metadata), inbox=inbox_table(metadata))
