"""Queries on the catalogue that handlers share: sessions with their course, seats."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import ScalarSelect, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from contracts.enrollment import SessionFacts
from enrollment.adapters.tables import Course, PublicSession
from enrollment.domain.refusals import SeatsFull, UnknownCourse, UnknownSession


async def courses(session: AsyncSession, page: PageRequest) -> tuple[list[Course], str | None]:
    """A page of the catalogue, by code (unique)."""
    rows = list(await session.scalars(keyset(select(Course), [Course.code], page)))
    return cut(rows, page, lambda c: (c.code,))


async def course_of_code(session: AsyncSession, code: str) -> Course:
    found = await session.scalar(select(Course).where(Course.code == code))
    if found is None:
        raise UnknownCourse(code)
    return found


async def course_code_taken(session: AsyncSession, code: str) -> bool:
    return await session.scalar(select(Course.id).where(Course.code == code)) is not None


async def courses_by_code(session: AsyncSession, codes: Collection[str]) -> dict[str, Course]:
    found = await session.scalars(select(Course).where(Course.code.in_(codes)))
    return {course.code: course for course in found.all()}


async def sessions_with_courses(
    session: AsyncSession,
    *,
    ids: Collection[UUID] | None = None,
    course_code: str | None = None,
    starting_after: datetime | None = None,
) -> list[tuple[PublicSession, Course]]:
    """Sessions and their course, soonest first, read afresh (seats change under the ORM)."""
    query = select(PublicSession, Course).join(Course, Course.id == PublicSession.course_id)
    if ids is not None:
        query = query.where(PublicSession.id.in_(ids))
    if course_code is not None:
        query = query.where(Course.code == course_code)
    if starting_after is not None:
        query = query.where(PublicSession.starts_at > starting_after)
    rows = await session.execute(
        query.order_by(PublicSession.starts_at).execution_options(populate_existing=True)
    )
    return [(row[0], row[1]) for row in rows.all()]


async def session_page(
    session: AsyncSession,
    page: PageRequest,
    *,
    course_code: str | None = None,
    starting_after: datetime | None = None,
) -> tuple[list[tuple[PublicSession, Course]], str | None]:
    """A page of sessions and their course, soonest first."""
    query = select(PublicSession, Course).join(Course, Course.id == PublicSession.course_id)
    if course_code is not None:
        query = query.where(Course.code == course_code)
    if starting_after is not None:
        query = query.where(PublicSession.starts_at > starting_after)
    ordered = keyset(query, [PublicSession.starts_at, PublicSession.id], page)
    rows = await session.execute(ordered.execution_options(populate_existing=True))
    found = [(row[0], row[1]) for row in rows.all()]
    return cut(found, page, lambda row: (row[0].starts_at, row[0].id))


async def session_with_course(
    session: AsyncSession, session_id: UUID
) -> tuple[PublicSession, Course]:
    found = await sessions_with_courses(session, ids=[session_id])
    if not found:
        raise UnknownSession(session_id)
    return found[0]


def facts(public_session: PublicSession, course: Course) -> SessionFacts:
    """What the events of a booking say of its session."""
    return SessionFacts(
        session_id=public_session.id,
        course_code=course.code,
        course_title=course.title,
        starts_at=public_session.starts_at,
        ends_at=public_session.ends_at,
        location=public_session.location,
    )


async def session_facts(session: AsyncSession, session_id: UUID) -> SessionFacts:
    return facts(*await session_with_course(session, session_id))


_sessions: Table = PublicSession.__table__  # type: ignore[assignment]
_courses: Table = Course.__table__  # type: ignore[assignment]


def _of_course(column: str) -> ScalarSelect[object]:
    """A column of the updated session's course, read inside the UPDATE's RETURNING (a
    subquery: SQLite's RETURNING cannot name the tables of an UPDATE ... FROM)."""
    return (
        select(_courses.c[column]).where(_courses.c.id == _sessions.c.course_id).scalar_subquery()
    )


async def seats_taken(
    session: AsyncSession, session_id: UUID, count: int
) -> tuple[PublicSession, Course] | None:
    """Take `count` seats, or none, in one statement: the row update re-checks the seats
    left under its lock and returns the session as it is now with its course (the
    booking's answer and events are built from them, nothing is read again). None when
    the session has not that many seats left, or does not exist.

    SQLAlchemy Core on the session's connection: no unit-of-work machinery on this path;
    the objects returned are built from the row, not loaded into the session."""
    connection = await session.connection()
    row = (
        await connection.execute(
            update(_sessions)
            .where(
                _sessions.c.id == session_id,
                _sessions.c.seats_taken + count <= _sessions.c.seats,
            )
            .values(seats_taken=_sessions.c.seats_taken + count)
            .returning(
                *_sessions.c,
                _of_course("code").label("course_code"),
                _of_course("title").label("course_title"),
                _of_course("list_price").label("course_list_price"),
            )
        )
    ).one_or_none()
    if row is None:
        return None
    found = PublicSession(**{column.key: row._mapping[column] for column in _sessions.c})
    course = Course(
        id=row.course_id,
        code=row.course_code,
        title=row.course_title,
        list_price=row.course_list_price,
    )
    return found, course


def not_enough_seats(found: PublicSession, count: int) -> SeatsFull:
    left = found.seats - found.seats_taken
    return SeatsFull(count, left)


async def take_seats(session: AsyncSession, session_id: UUID, count: int) -> None:
    """Atomically take `count` seats, or none: the row update re-checks under its lock."""
    taken = await session.execute(
        update(PublicSession)
        .where(
            PublicSession.id == session_id,
            PublicSession.seats_taken + count <= PublicSession.seats,
        )
        .values(seats_taken=PublicSession.seats_taken + count)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        found = await session.get(PublicSession, session_id, populate_existing=True)
        if found is None:
            raise UnknownSession(session_id)
        raise not_enough_seats(found, count)


async def release_seat(session: AsyncSession, session_id: UUID) -> None:
    await session.execute(
        update(PublicSession)
        .where(PublicSession.id == session_id, PublicSession.seats_taken > 0)
        .values(seats_taken=PublicSession.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
