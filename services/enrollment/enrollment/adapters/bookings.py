"""Queries on bookings and their dated history (R-A4) that handlers share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.refusals import NotFound
from enrollment.adapters.catalogue import sessions_with_courses
from enrollment.adapters.tables import Booking, BookingChange, Course, PublicSession
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
        raise NotFound(f"no booking {booking_id}")
    return found


def record_change(session: AsyncSession, booking: Booking, *, at: datetime, note: str = "") -> None:
    """One line of the booking's history: its status now, and why (R-A4)."""
    session.add(BookingChange(booking_id=booking.id, at=at, status=booking.status, note=note))


async def placed_by(session: AsyncSession, email: str) -> list[Booking]:
    """The bookings placed with this (normalised) login email, oldest first (R-A4, R-A5)."""
    found = await session.scalars(
        select(Booking)
        .where(Booking.placed_by_email == email)
        .order_by(Booking.requested_at, _placed_first)
    )
    return list(found.all())


async def pending(session: AsyncSession) -> list[Booking]:
    """Staff's queue: requests pending validation, the nearest deadline first (R-C2)."""
    found = await session.scalars(
        select(Booking)
        .where(Booking.status == Status.PENDING_VALIDATION)
        .order_by(Booking.validation_due_at, _placed_first)
    )
    return list(found.all())


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
    return [
        BookingRecord(
            booking=b,
            session=sessions[b.session_id][0],
            course=sessions[b.session_id][1],
            history=history.get(b.id, []),
        )
        for b in bookings
    ]
