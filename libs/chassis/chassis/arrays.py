"""Any number of rows in one statement that SQLAlchemy compiles once (PostgreSQL).

A multi-row `insert(table).values([...])` has no cache key: SQLAlchemy compiles it
anew on every execution, about 0.1 ms of CPU per row, and the driver prepares a
new statement for each count of rows. `INSERT ... SELECT * FROM unnest(:a, :b, ...)`
takes the rows as one array per column instead: the same statement whatever the
number of rows, compiled and prepared once. SQLite has no arrays: callers keep
the multi-row VALUES there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Insert, Table, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY


def insert_from_arrays(table: Table, columns: Sequence[str], *, prefix: str = "") -> Insert:
    """`INSERT INTO table (columns) SELECT * FROM unnest(...)`, one array parameter per
    column, named `prefix + column` (a prefix tells two tables' parameters apart in one
    statement); its parameters are `column_arrays(rows, columns, prefix=prefix)`. Build
    it once and keep it: its value is that it stays the same statement."""
    arrays = (
        func.unnest(
            *(bindparam(prefix + name, type_=ARRAY(table.c[name].type)) for name in columns)
        )
        .table_valued(*columns)
        .render_derived(f"{prefix}rows")
    )
    return insert(table).from_select(list(columns), select(*(arrays.c[name] for name in columns)))


def column_arrays(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, prefix: str = ""
) -> dict[str, list[Any]]:
    """The parameters of `insert_from_arrays`: the rows' values, column by column."""
    return {prefix + name: [row[name] for row in rows] for name in columns}
