"""The digital in-company catalogue over HTTP (R-I1): staff manage it, companies browse it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field, StringConstraints

from incompany.adapters.tables import Course
from incompany.domain import access
from incompany.domain.commands import AddCourse, ChangeCourse, CourseDetails
from incompany.entrypoints.http.dependencies import NOT_FOUND, UowDep, caller
from incompany.handlers import catalogue

router = APIRouter(tags=["catalogue"])

Editor = caller(*access.CATALOGUE_EDITORS)
Reader = caller(*access.CATALOGUE_READERS)


class CourseIn(BaseModel):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    duration_minutes: int = Field(ge=15, le=5 * 24 * 60, description="Length of the online class")
    description: str = Field(default="", max_length=2000)
    active: bool = True


class NewCourse(CourseIn):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class CourseOut(BaseModel):
    id: UUID
    code: str
    title: str
    duration_minutes: int
    description: str
    active: bool
    updated_at: datetime

    @classmethod
    def of(cls, course: Course) -> CourseOut:
        return cls.model_validate(course, from_attributes=True)


def _details(body: CourseIn) -> CourseDetails:
    return CourseDetails(body.title, body.duration_minutes, body.description, body.active)


@router.post(
    "/courses",
    status_code=status.HTTP_201_CREATED,
    summary="Add a course to the digital in-company catalogue (planners, admins)",
    responses={409: {"description": "A course with this code exists"}},
)
async def add_course(body: NewCourse, _: Editor, uow: UowDep) -> CourseOut:
    return CourseOut.of(await catalogue.add_course(AddCourse(body.code, _details(body)), uow))


@router.put(
    "/courses/{code}",
    summary="Change a course, or withdraw it from requests (active: false)",
    responses=NOT_FOUND,
)
async def change_course(code: str, body: CourseIn, _: Editor, uow: UowDep) -> CourseOut:
    return CourseOut.of(await catalogue.change_course(ChangeCourse(code, _details(body)), uow))


@router.get("/courses", summary="Browse the catalogue: active courses, or all for staff")
async def list_courses(
    principal: Reader,
    uow: UowDep,
    include_inactive: Annotated[bool, Query()] = False,
) -> list[CourseOut]:
    return [CourseOut.of(c) for c in await catalogue.list_courses(principal, include_inactive, uow)]


@router.get("/courses/{code}", summary="One course of the catalogue", responses=NOT_FOUND)
async def get_course(code: str, principal: Reader, uow: UowDep) -> CourseOut:
    return CourseOut.of(await catalogue.get_course(code, principal, uow))
