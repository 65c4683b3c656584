"""Lists in pages: one way for every list of every service (cursor pagination).

A client asks for `?limit=` items (50 by default, 200 at most) and follows the
page's `next` (a URL, also sent as a `Link: <...>; rel="next"` header) until it
is null. The cursor is opaque to the client: it holds the sort key of the last
item given (keyset pagination), so a page is one indexed range read however
deep the client goes, and an item added meanwhile is neither skipped nor given
twice. A cursor that was not made here is refused with 422 (`invalid_cursor`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, Field
from sqlalchemy import Select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from chassis.refusals import Invalid

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class PageRequest:
    """What a client asked for: how many items, and after which one (None: from the start)."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def after(self) -> tuple[Any, ...] | None:
        return None if self.cursor is None else decode_cursor(self.cursor)


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page"
    )
    next: str | None = Field(
        default=None, description="The URL of the next page; null on the last page"
    )


def keyset(
    statement: Select[Any],
    order: Sequence[ColumnElement[Any]],
    page: PageRequest,
    *,
    descending: bool = False,
) -> Select[Any]:
    """`statement` ordered by `order` (all ascending or all descending; the last column
    unique, e.g. the id), starting after the page's cursor, one row more than the page
    holds (so the caller knows whether a next page exists)."""
    after = page.after()
    if after is not None:
        if len(after) != len(order):
            raise Invalid("the cursor does not belong to this list", code="invalid_cursor")
        key = tuple_(*order)
        statement = statement.where(key < tuple_(*after) if descending else key > tuple_(*after))
    ordering = [column.desc() if descending else column.asc() for column in order]
    return statement.order_by(*ordering).limit(page.limit + 1)


def cut(
    rows: Sequence[R], page: PageRequest, key: Callable[[R], Sequence[Any]]
) -> tuple[list[R], str | None]:
    """The rows of this page and the cursor of the next (None on the last page), from
    rows read by `keyset` (one more than the page holds when there is a next page)."""
    items = list(rows[: page.limit])
    if len(rows) <= page.limit or not items:
        return items, None
    return items, encode_cursor(key(items[-1]))


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_tagged(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, ...]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or not values:
            raise ValueError("not a list")
        return tuple(_untagged(v) for v in values)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as error:
        raise Invalid(
            "cursor: not a cursor given by this API; start again without it",
            code="invalid_cursor",
            field="query.cursor",
        ) from error


def _tagged(value: Any) -> list[Any]:
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, UUID):
        return ["u", str(value)]
    if isinstance(value, Decimal):
        return ["n", str(value)]
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"a cursor cannot hold {type(value).__name__}")
    return ["i" if isinstance(value, int) else "s", value]


_DECODE: dict[str, Callable[[Any], Any]] = {
    "t": datetime.fromisoformat,
    "d": date.fromisoformat,
    "u": UUID,
    "n": Decimal,
    "i": int,
    "s": str,
}


def _untagged(item: Any) -> Any:
    tag, value = item
    if tag in ("i", "s") and not isinstance(value, int | str):
        raise ValueError("bad value")
    return _DECODE[tag](value)
