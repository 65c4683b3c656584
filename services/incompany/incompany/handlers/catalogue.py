"""The digital in-company catalogue (R-I1): courses managed by staff, browsed by companies."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from chassis.tokens import Principal
from incompany.adapters import catalogue
from incompany.adapters.tables import Course
from incompany.domain.catalogue import normalise_code, sees_withdrawn_courses
from incompany.domain.commands import AddCourse, ChangeCourse
from incompany.domain.refusals import CourseExists, NotFound
from incompany.handlers import Uow


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
    course = await course_by_code(command.code, uow)
    details = command.details
    course.title = details.title.strip()
    course.duration_minutes = details.duration_minutes
    course.description = details.description.strip()
    course.active = details.active
    course.updated_at = uow.clock.now()
    await uow.commit()
    return course


async def course_by_code(code: str, uow: Uow) -> Course:
    course = await catalogue.find_course(uow.session, code)
    if course is None:
        raise NotFound(f"course_code: no course {normalise_code(code)} in the catalogue")
    return course


async def get_course(code: str, by: Principal, uow: Uow) -> Course:
    """A course of the catalogue; a withdrawn one only for staff (others: 404)."""
    course = await course_by_code(code, uow)
    if not course.active and not sees_withdrawn_courses(by):
        raise NotFound(f"course_code: no course {course.code} in the catalogue")
    return course


async def list_courses(by: Principal, include_inactive: bool, uow: Uow) -> list[Course]:
    every = include_inactive and sees_withdrawn_courses(by)
    return await catalogue.list_courses(uow.session, include_inactive=every)
