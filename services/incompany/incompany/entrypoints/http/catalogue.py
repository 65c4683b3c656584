"""The digital in-company catalogue over HTTP (R-I1): staff manage it, companies browse it.

A course carries an ETag: `PUT /courses/{code}` with `If-Match` refuses (412) to
overwrite a course changed since it was read.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, Field, StrictBool, StringConstraints

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from incompany.adapters.tables import Course
from incompany.domain import access
from incompany.domain.commands import AddCourse, ChangeCourse, CourseDetails
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    IfMatch,
    Instant,
    UowDep,
    caller,
    created,
    set_etag,
    set_location,
    tagged,
)
from incompany.handlers import catalogue

router = APIRouter(tags=["catalogue"])

Editor = caller(*access.CATALOGUE_EDITORS)
Reader = caller(*access.CATALOGUE_READERS)

CourseCode = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class CourseIn(BaseModel):
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S", max_length=300)
    ]
    duration_minutes: int = Field(ge=15, le=5 * 24 * 60, description="Length of the online class")
    description: str = Field(default="", max_length=2000)
    active: StrictBool = True  # JSON true or false, not 0 or "yes"


class NewCourse(CourseIn):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class CourseOut(BaseModel):
    id: UUID
    code: str
    title: str
    duration_minutes: int
    description: str
    active: bool
    updated_at: Instant

    @classmethod
    def of(cls, course: Course) -> CourseOut:
        return cls.model_validate(course, from_attributes=True)


def _details(body: CourseIn) -> CourseDetails:
    return CourseDetails(body.title, body.duration_minutes, body.description, body.active)


def _answer(course: Course, response: Response) -> CourseOut:
    set_etag(response, catalogue.course_tag(course))
    return CourseOut.of(course)


@router.post(
    "/courses",
    status_code=status.HTTP_201_CREATED,
    summary="Add a course to the digital in-company catalogue (planners, admins)",
    responses=created(409, etag=True),
)
async def add_course(
    body: NewCourse, _: Editor, uow: UowDep, request: Request, response: Response
) -> CourseOut:
    course = await catalogue.add_course(AddCourse(body.code, _details(body)), uow)
    set_location(request, response, "get_course", code=course.code)
    return _answer(course, response)


@router.put(
    "/courses/{code}",
    summary="Change a course, or withdraw it from requests (active: false); with If-Match, "
    "only if it did not change since you read it",
    responses={**NOT_FOUND, **tagged(200, 412)},
)
async def change_course(
    code: CourseCode,
    body: CourseIn,
    _: Editor,
    uow: UowDep,
    response: Response,
    if_match: IfMatch = None,
) -> CourseOut:
    command = ChangeCourse(code, _details(body), if_match=if_match)
    return _answer(await catalogue.change_course(command, uow), response)


@router.get("/courses", summary="Browse the catalogue by code: active courses, or all for staff")
async def list_courses(
    principal: Reader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    include_inactive: Annotated[
        bool, Query(description="Staff: withdrawn courses too (ignored for others)")
    ] = False,
) -> Page[CourseOut]:
    found, next_cursor = await catalogue.list_courses(principal, include_inactive, page, uow)
    return page_answer(request, response, [CourseOut.of(c) for c in found], next_cursor)


@router.get(
    "/courses/{code}", summary="One course of the catalogue", responses={**NOT_FOUND, **tagged()}
)
async def get_course(
    code: CourseCode, principal: Reader, uow: UowDep, response: Response
) -> CourseOut:
    return _answer(await catalogue.get_course(code, principal, uow), response)
