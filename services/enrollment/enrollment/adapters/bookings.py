"""Queries on bookings and their dated history (R-A4) that handlers share."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, Insert, Select, Table, and_, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.arrays import column_arrays, insert_from_arrays
from chassis.pages import PageRequest, cut, keyset
from enrollment.adapters.catalogue import sessions_with_courses
from enrollment.adapters.tables import (
    Booking,
    BookingChange,
    ChangeRequest,
    Course,
    PublicSession,
)
from enrollment.domain.access import History
from enrollment.domain.commands import ListBookings
from enrollment.domain.refusals import UnknownBooking
from enrollment.domain.status import Status

_placed_first = (
    select(func.min(BookingChange.id))
    .where(BookingChange.booking_id == Booking.id)
    .correlate(Booking)
    .scalar_subquery()
)
"""Bookings requested at the same instant come in the order they were placed."""


async def find(
    session: AsyncSession, booking_id: UUID, *, for_update: bool = True
) -> Booking | None:
    """The booking, locked by default: every change to a booking goes through its lock."""
    query = select(Booking).where(Booking.id == booking_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def booking(session: AsyncSession, booking_id: UUID, *, for_update: bool = True) -> Booking:
    """The booking (locked by default), or a 404 refusal."""
    found = await find(session, booking_id, for_update=for_update)
    if found is None:
        raise UnknownBooking(booking_id)
    return found


_bookings: Table = Booking.__table__  # type: ignore[assignment]
_history: Table = BookingChange.__table__  # type: ignore[assignment]


_HISTORY_COLUMNS = ("booking_id", "at", "status", "note")


@functools.cache
def _placing_statement() -> Insert:
    """PostgreSQL: the bookings' INSERT as a CTE of their history's, both from column
    arrays (chassis.arrays): built and compiled once, whatever the number of bookings."""
    add_bookings = insert_from_arrays(_bookings, [c.key for c in _bookings.c], prefix="b_")
    add_history = insert_from_arrays(_history, _HISTORY_COLUMNS, prefix="h_")
    return add_history.add_cte(add_bookings.cte("placed"))


async def add_placed(
    session: AsyncSession, placed: Sequence[Booking], changes: Sequence[BookingChange]
) -> None:
    """Insert new bookings and their first history lines, in the order given (the order
    they were placed in, R-A4): one statement on PostgreSQL (the bookings' INSERT as a CTE
    of the history's; the foreign keys are checked at the end of the statement), two on
    SQLite. Core on the session's connection: the objects stay out of the session, they
    are the answer as they are."""
    connection = await session.connection()
    bookings = [{c.key: getattr(booking, c.key) for c in _bookings.c} for booking in placed]
    history = [{name: getattr(change, name) for name in _HISTORY_COLUMNS} for change in changes]
    if connection.dialect.name == "postgresql":
        await connection.execute(
            _placing_statement(),
            column_arrays(bookings, [c.key for c in _bookings.c], prefix="b_")
            | column_arrays(history, _HISTORY_COLUMNS, prefix="h_"),
        )
    else:
        await connection.execute(insert(_bookings).values(bookings))
        await connection.execute(insert(_history).values(history))


def record_change(session: AsyncSession, booking: Booking, *, at: datetime, note: str = "") -> None:
    """One line of the booking's history: its status now, and why (R-A4)."""
    session.add(BookingChange(booking_id=booking.id, at=at, status=booking.status, note=note))


def seen_in(history: History) -> ColumnElement[bool] | None:
    """The condition on bookings of what a caller's history holds (None: everything)."""
    if history.everything:
        return None
    placed_with = Booking.placed_by_email == history.email
    if history.placed_by is None:
        return placed_with
    return and_(placed_with, Booking.placed_by_user_id == history.placed_by)


async def search(
    session: AsyncSession, history: History, query: ListBookings, page: PageRequest
) -> tuple[list[Booking], str | None]:
    """One page of the bookings in `history` that match the query's filters, oldest
    request first (bookings requested together in the order they were placed)."""
    statement: Select[tuple[Booking, int]] = select(Booking, _placed_first)
    seen = seen_in(history)
    if seen is not None:
        statement = statement.where(seen)
    for column, value in (
        (Booking.status, query.status),
        (Booking.session_id, query.session_id),
        (Booking.company_id, query.company_id),
        (Booking.request_id, query.request_id),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if query.requested_from is not None:
        statement = statement.where(Booking.requested_at >= query.requested_from)
    if query.requested_until is not None:
        statement = statement.where(Booking.requested_at < query.requested_until)
    if query.starts_from is not None or query.starts_until is not None:
        statement = statement.join(PublicSession, PublicSession.id == Booking.session_id)
        if query.starts_from is not None:
            statement = statement.where(PublicSession.starts_at >= query.starts_from)
        if query.starts_until is not None:
            statement = statement.where(PublicSession.starts_at < query.starts_until)
    return await _page(session, statement, Booking.requested_at, page)


async def pending(session: AsyncSession, page: PageRequest) -> tuple[list[Booking], str | None]:
    """Staff's queue: requests pending validation, the nearest deadline first (R-C2)."""
    statement = select(Booking, _placed_first).where(Booking.status == Status.PENDING_VALIDATION)
    return await _page(session, statement, Booking.validation_due_at, page)


async def _page(
    session: AsyncSession,
    statement: Select[tuple[Booking, int]],
    first: ColumnElement[datetime],
    page: PageRequest,
) -> tuple[list[Booking], str | None]:
    """A page ordered by `first`, then by the order the bookings were placed in (unique)."""
    rows = (await session.execute(keyset(statement, [first, _placed_first], page))).all()
    attribute = first.key  # type: ignore[attr-defined]
    found, next_cursor = cut(rows, page, lambda row: (getattr(row[0], attribute), row[1]))
    return [row[0] for row in found], next_cursor


async def overdue(session: AsyncSession, *, now: datetime, limit: int) -> list[Booking]:
    """Up to `limit` pending requests past their deadline, not flagged yet, locked.

    `SKIP LOCKED`: two instances scanning together each claim different rows,
    and the `overdue_at IS NULL` re-check under the lock flags each row once.
    """
    found = await session.scalars(
        select(Booking)
        .where(
            Booking.status == Status.PENDING_VALIDATION,
            Booking.overdue_at.is_(None),
            Booking.validation_due_at <= now,
        )
        .order_by(Booking.validation_due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(found.all())


@dataclass(frozen=True)
class BookingRecord:
    """A booking with its session, its course and its history: all an answer shows of it."""

    booking: Booking
    session: PublicSession
    course: Course
    history: Sequence[BookingChange]
    change_requests: Sequence[ChangeRequest] = ()
    """R-C5: what the customer asked of it, oldest first."""


async def records(session: AsyncSession, bookings: Sequence[Booking]) -> list[BookingRecord]:
    """The records of `bookings`, in the same order."""
    if not bookings:
        return []
    sessions = {
        public_session.id: (public_session, course)
        for public_session, course in await sessions_with_courses(
            session, ids={b.session_id for b in bookings}
        )
    }
    changes = await session.scalars(
        select(BookingChange)
        .where(BookingChange.booking_id.in_([b.id for b in bookings]))
        .order_by(BookingChange.id)
    )
    history: dict[UUID, list[BookingChange]] = {}
    for change in changes.all():
        history.setdefault(change.booking_id, []).append(change)
    asked = await session.scalars(
        select(ChangeRequest)
        .where(ChangeRequest.booking_id.in_([b.id for b in bookings]))
        .order_by(ChangeRequest.submitted_at, ChangeRequest.id)
    )
    requests: dict[UUID, list[ChangeRequest]] = {}
    for request in asked.all():
        requests.setdefault(request.booking_id, []).append(request)
    return [
        BookingRecord(
            booking=b,
            session=sessions[b.session_id][0],
            course=sessions[b.session_id][1],
            history=history.get(b.id, []),
            change_requests=requests.get(b.id, []),
        )
        for b in bookings
    ]
