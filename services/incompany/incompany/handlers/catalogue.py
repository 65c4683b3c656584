"""The digital in-company catalogue (R-I1): courses managed by staff, browsed by companies."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis.unit_of_work import UnitOfWork
from incompany.adapters.tables import Course
from incompany.domain.refusals import Conflict, NotFound


@dataclass(frozen=True)
class CourseDetails:
    title: str
    duration_minutes: int
    description: str = ""
    active: bool = True


def normalise_code(code: str) -> str:
    return code.strip().upper()


async def add_course(uow: UnitOfWork, code: str, details: CourseDetails) -> Course:
    code = normalise_code(code)
    if await find_course(uow, code) is not None:
        raise Conflict(f"code: a course {code} already exists")
    now = uow.clock.now()
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
    except IntegrityError as error:
        raise Conflict(f"code: a course {code} already exists") from error
    return course


async def change_course(uow: UnitOfWork, code: str, details: CourseDetails) -> Course:
    course = await course_by_code(uow, code)
    course.title = details.title.strip()
    course.duration_minutes = details.duration_minutes
    course.description = details.description.strip()
    course.active = details.active
    course.updated_at = uow.clock.now()
    await uow.commit()
    return course


async def find_course(uow: UnitOfWork, code: str) -> Course | None:
    return await uow.session.scalar(select(Course).where(Course.code == normalise_code(code)))


async def course_by_code(uow: UnitOfWork, code: str) -> Course:
    course = await find_course(uow, code)
    if course is None:
        raise NotFound(f"course_code: no course {normalise_code(code)} in the catalogue")
    return course


async def list_courses(uow: UnitOfWork, *, include_inactive: bool) -> list[Course]:
    query = select(Course).order_by(Course.code)
    if not include_inactive:
        query = query.where(Course.active.is_(True))
    return list(await uow.session.scalars(query))
