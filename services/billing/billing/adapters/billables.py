"""Queries on billables: record one (the consumer's hot path, in SQLAlchemy Core), find one
by key (row-locked if asked), the key's advisory lock, what is invoiced so far, and the
cancellations that came before their billable."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Insert, Select, String, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from billing.adapters.tables import Billable, CreditNote, EarlyCancellation, Invoice
from billing.domain.amounts import ZERO
from billing.domain.queries import ListBillables
from chassis.pages import PageRequest, cut, keyset

_LOCK_KEY: Select[tuple[object]] = select(
    func.pg_advisory_xact_lock(func.hashtextextended(bindparam("key", type_=String()), 0))
)
"""Built once, the key bound at each execution (`lock_key`)."""


async def lock_key(connection: AsyncConnection, key: str) -> None:
    """Serialise, until commit, the transactions that record or cancel one billable.

    A validation and a cancellation of one booking may be handled at the same
    time by two consumers: without the lock, each could miss the other's
    uncommitted row and the billable would stay open. PostgreSQL transaction
    advisory lock on the key's hash, a statement of its own: whatever comes after
    it in the transaction reads a snapshot taken once the lock is held, so it sees
    what the transaction that held it committed (READ COMMITTED). SQLite
    serialises writers anyway. `connection` is the transaction's
    (`await session.connection()`).
    """
    if connection.dialect.name == "postgresql":
        await connection.execute(_LOCK_KEY, {"key": key})


async def insert_billable(
    connection: AsyncConnection, values: Mapping[str, object]
) -> tuple[bool, datetime | None]:
    """Record the billable `values` describe (every column but `cancelled_at`), unless its
    key is recorded already: (recorded now, its `cancelled_at`); (False, None) if not.

    The caller holds `lock_key`. One statement, whether or not the key is recorded:
    `INSERT .. SELECT <values>, (SELECT cancelled_at FROM early_cancellations WHERE
    billable_key = :billable_key) ON CONFLICT (billable_key) DO NOTHING RETURNING
    cancelled_at`. The scalar subquery records the billable cancelled when its
    cancellation came first (`record_early_cancellation`); the conflict clause makes a
    recorded key (a re-published copy, or the other fact sharing an in-company fee's
    key) insert nothing and return no row, where reading the billable first would
    have cost a second statement on every first delivery. Never a unique-key error:
    a concurrent first recording (which the lock already excludes) would be waited
    for and then conflict. Core on the transaction's connection, built once per
    dialect (`_record_statement`): no ORM unit of work on the consumer's hot path.
    """
    result = await connection.execute(_record_statement(connection.dialect.name), dict(values))
    row = result.first()
    if row is None:
        return False, None
    return True, row[0]


@functools.cache
def _record_statement(dialect: str) -> Insert:
    """`insert_billable`'s statement, its values bound by column name at each execution."""
    table = Billable.__table__
    early = (
        select(EarlyCancellation.cancelled_at)
        .where(EarlyCancellation.billable_key == bindparam("billable_key", type_=String()))
        .scalar_subquery()
    )
    given = [column for column in table.c if column.name != "cancelled_at"]
    values = select(*(bindparam(c.name, type_=c.type) for c in given), early)
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(table)
        .from_select([*given, table.c.cancelled_at], values)
        .on_conflict_do_nothing(index_elements=["billable_key"])
        .returning(table.c.cancelled_at)
    )


async def find_billable(
    session: AsyncSession, key: str, *, for_update: bool = False
) -> Billable | None:
    """The billable, row-locked until commit with `for_update` (PostgreSQL; SQLite
    serialises writers anyway), so invoicing and crediting one billable never interleave."""
    query = select(Billable).where(Billable.billable_key == key)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def invoiced_total(session: AsyncSession, billable_id: UUID) -> Decimal:
    """All invoices of the billable, credit notes deducted.

    Summed here rather than with SQL SUM: SQLite has no decimal type and would sum
    floats; each stored amount comes back as an exact two-decimal `Decimal`.
    """
    invoiced = await session.scalars(
        select(Invoice.total_amount).where(Invoice.billable_id == billable_id)
    )
    credited = await session.scalars(
        select(CreditNote.total_amount).where(CreditNote.billable_id == billable_id)
    )
    return sum(invoiced, ZERO) - sum(credited, ZERO)


async def invoiced_totals(
    session: AsyncSession, billable_ids: Collection[UUID]
) -> dict[UUID, Decimal]:
    """`invoiced_total` of each of these billables, in two reads whatever their number."""
    totals = dict.fromkeys(billable_ids, ZERO)
    if not totals:
        return totals
    invoiced = await session.execute(
        select(Invoice.billable_id, Invoice.total_amount).where(
            Invoice.billable_id.in_(billable_ids)
        )
    )
    for billable_id, amount in invoiced.all():
        totals[billable_id] += amount
    credited = await session.execute(
        select(CreditNote.billable_id, CreditNote.total_amount).where(
            CreditNote.billable_id.in_(billable_ids)
        )
    )
    for billable_id, amount in credited.all():
        totals[billable_id] -= amount
    return totals


async def billable_page(
    session: AsyncSession, query: ListBillables, page: PageRequest
) -> tuple[list[Billable], str | None]:
    """A page of billables, in the order they were recorded, narrowed by the query."""
    statement = select(Billable)
    if query.kind is not None:
        statement = statement.where(Billable.kind == query.kind)
    if query.cancelled is not None:
        cancelled = Billable.cancelled_at.is_not(None)
        statement = statement.where(cancelled if query.cancelled else ~cancelled)
    if query.created_from is not None:
        statement = statement.where(Billable.created_at >= query.created_from)
    if query.created_until is not None:
        statement = statement.where(Billable.created_at < query.created_until)
    rows = list(await session.scalars(keyset(statement, [Billable.created_at, Billable.id], page)))
    return cut(rows, page, lambda b: (b.created_at, b.id))


async def early_cancellation(session: AsyncSession, key: str) -> EarlyCancellation | None:
    """The cancellation kept for a billable not recorded when it came, if any."""
    return await session.get(EarlyCancellation, key)


async def record_early_cancellation(
    session: AsyncSession, key: str, cancelled_at: datetime, reason: str
) -> None:
    """Keep a cancellation whose billable is not recorded yet (the caller holds `lock_key`)."""
    if await early_cancellation(session, key) is None:
        session.add(
            EarlyCancellation(billable_key=key, cancelled_at=cancelled_at, reason=reason[:1000])
        )
