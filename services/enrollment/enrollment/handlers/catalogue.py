"""The catalogue: planners add courses and sessions; anyone browses them at their price."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import uuid4

from chassis.pages import PageRequest
from chassis.tokens import Principal
from enrollment.adapters import agreements, catalogue
from enrollment.adapters.tables import Course, PublicSession
from enrollment.domain import access
from enrollment.domain.catalogue import check_session_dates, course_code
from enrollment.domain.commands import AddCourse, AddSession, ListSessions, ReadSession
from enrollment.domain.pricing import PriceBook, money
from enrollment.domain.refusals import CourseCodeTaken, UnknownCourse
from enrollment.handlers import Uow


@dataclass(frozen=True)
class PricedCourse:
    course: Course
    price: Decimal
    """What the caller pays now: the list price, or their agreement price (R-B2)."""
    agreement_price: bool


@dataclass(frozen=True)
class PricedSession:
    session: PublicSession
    course: Course
    price: Decimal
    agreement_price: bool


def _priced_course(book: PriceBook, course: Course) -> PricedCourse:
    return PricedCourse(
        course=course,
        price=book.price(course.id, course.list_price),
        agreement_price=book.is_agreement_price(course.id, course.list_price),
    )


def _priced(book: PriceBook, session: PublicSession, course: Course) -> PricedSession:
    return PricedSession(
        session=session,
        course=course,
        price=book.price(course.id, course.list_price),
        agreement_price=book.is_agreement_price(course.id, course.list_price),
    )


async def add_course(command: AddCourse, uow: Uow) -> PricedCourse:
    """A course, shown at its list price."""
    code = course_code(command.code)
    if await catalogue.course_code_taken(uow.session, code):
        raise CourseCodeTaken(code)
    course = Course(
        id=uuid4(),
        code=code,
        title=command.title.strip(),
        description=command.description,
        list_price=money(command.list_price),
        created_at=uow.clock.now(),
    )
    uow.session.add(course)
    await uow.commit()
    return _priced_course(PriceBook.list_prices(), course)


async def add_session(command: AddSession, uow: Uow) -> PricedSession:
    """A dated session of a course, shown at its list price."""
    course = await uow.session.get(Course, command.course_id)
    if course is None:
        raise UnknownCourse(command.course_id, field="course_id")
    check_session_dates(command.starts_at, command.ends_at, now=uow.clock.now())
    session = PublicSession(
        id=uuid4(),
        course_id=command.course_id,
        starts_at=command.starts_at,
        ends_at=command.ends_at,
        location=command.location.strip(),
        seats=command.seats,
        seats_taken=0,
        created_at=uow.clock.now(),
    )
    uow.session.add(session)
    await uow.commit()
    return _priced(PriceBook.list_prices(), session, course)


async def _price_book(caller: Principal | None, uow: Uow) -> PriceBook:
    return await agreements.price_book(
        uow.session, access.agreement_company(caller), now=uow.clock.now()
    )


async def list_courses(
    caller: Principal | None, page: PageRequest, uow: Uow
) -> tuple[list[PricedCourse], str | None]:
    book = await _price_book(caller, uow)
    found, next_cursor = await catalogue.courses(uow.session, page)
    return [_priced_course(book, course) for course in found], next_cursor


async def get_course(code: str, caller: Principal | None, uow: Uow) -> PricedCourse:
    book = await _price_book(caller, uow)
    return _priced_course(book, await catalogue.course_of_code(uow.session, course_code(code)))


async def list_sessions(
    query: ListSessions, page: PageRequest, uow: Uow
) -> tuple[list[PricedSession], str | None]:
    """Sessions to come (or all), of one course (or all), at the caller's prices."""
    book = await _price_book(query.caller, uow)
    rows, next_cursor = await catalogue.session_page(
        uow.session,
        page,
        course_code=course_code(query.course_code) if query.course_code else None,
        starting_after=None if query.include_past else uow.clock.now(),
    )
    return [_priced(book, session, course) for session, course in rows], next_cursor


async def get_session(query: ReadSession, uow: Uow) -> PricedSession:
    book = await _price_book(query.caller, uow)
    return _priced(book, *await catalogue.session_with_course(uow.session, query.session_id))
