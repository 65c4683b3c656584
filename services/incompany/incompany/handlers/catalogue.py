"""The digital in-company catalogue (R-I1): courses managed by staff, browsed by companies."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from chassis.pages import PageRequest
from chassis.tokens import Principal
from incompany.adapters import catalogue
from incompany.adapters.tables import Course, stored_values
from incompany.domain.catalogue import normalise_code, sees_withdrawn_courses
from incompany.domain.commands import AddCourse, ChangeCourse
from incompany.domain.refusals import CourseExists, UnknownCourse
from incompany.domain.versions import check_if_match, entity_tag
from incompany.handlers import Uow


def course_tag(course: Course) -> str:
    """The course's ETag: it changes with any of its values."""
    return entity_tag(stored_values(course))


async def add_course(command: AddCourse, uow: Uow) -> Course:
    code = normalise_code(command.code)
    if await catalogue.find_course(uow.session, code) is not None:
        raise CourseExists(f"code: a course {code} already exists")
    now = uow.clock.now()
    details = command.details
    course = Course(
        id=uuid.uuid4(),
        code=code,
        title=details.title.strip(),
        duration_minutes=details.duration_minutes,
        description=details.description.strip(),
        active=details.active,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(course)
    try:
        await uow.commit()
    except IntegrityError as error:  # a concurrent request added the same code
        raise CourseExists(f"code: a course {code} already exists") from error
    return course


async def change_course(command: ChangeCourse, uow: Uow) -> Course:
    """Overwrite a course's details, unless the caller's copy is stale (If-Match)."""
    course = await course_by_code(command.code, uow, for_update=True)
    check_if_match(command.if_match, course_tag(course))
    details = command.details
    course.title = details.title.strip()
    course.duration_minutes = details.duration_minutes
    course.description = details.description.strip()
    course.active = details.active
    course.updated_at = uow.clock.now()
    await uow.commit()
    return course


async def course_by_code(code: str, uow: Uow, *, for_update: bool = False) -> Course:
    course = await catalogue.find_course(uow.session, code, for_update=for_update)
    if course is None:
        raise UnknownCourse(f"course_code: no course {normalise_code(code)} in the catalogue")
    return course


async def get_course(code: str, by: Principal, uow: Uow) -> Course:
    """A course of the catalogue; a withdrawn one only for staff (others: 404)."""
    course = await course_by_code(code, uow)
    if not course.active and not sees_withdrawn_courses(by):
        raise UnknownCourse(f"course_code: no course {course.code} in the catalogue")
    return course


async def list_courses(
    by: Principal, include_inactive: bool, page: PageRequest, uow: Uow
) -> tuple[list[Course], str | None]:
    """One page of the catalogue: the active courses; withdrawn ones too for staff asking."""
    every = include_inactive and sees_withdrawn_courses(by)
    return await catalogue.list_courses(uow.session, page, include_inactive=every)
