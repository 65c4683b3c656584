"""Gapless number counters: one row per series and year, bumped in the caller's transaction.

`UPDATE number_counters SET last = last + 1 ... RETURNING last` takes the row's
lock until the issuing transaction ends: concurrent issues queue on it and each
gets the next number; a transaction that rolls back releases its number with
everything else, so the series never skips one (see `domain/numbering.py`).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from billing.adapters.tables import NumberCounter
from billing.domain.numbering import Series

COUNTERS = NumberCounter.__table__


async def next_sequence(session: AsyncSession, series: Series, year: int) -> int:
    """The next number of `series` in `year` (1, 2, ...), held until the transaction ends.

    The year's row is created on first use with INSERT .. ON CONFLICT DO NOTHING:
    a concurrent first issue waits for the other's insert and then finds the row.
    """
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(COUNTERS)
        .values(series=series.value, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["series", "year"])
    )
    result = await session.execute(
        update(COUNTERS)
        .where(COUNTERS.c.series == series.value, COUNTERS.c.year == year)
        .values(last=COUNTERS.c.last + 1)
        .returning(COUNTERS.c.last)
    )
    return int(result.scalar_one())
