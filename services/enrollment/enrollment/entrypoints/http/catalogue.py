"""The catalogue: anyone browses courses and sessions; planners add them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response, status

from chassis import problems
from chassis.api import OptionalPrincipalDep, PageRequestDep, page_answer
from chassis.pages import Page
from enrollment.domain.commands import AddCourse, AddSession, ListSessions, ReadSession
from enrollment.entrypoints.http.dependencies import Planner, UowDep, created, set_location
from enrollment.entrypoints.http.schemas import CourseIn, CourseOut, SessionIn, SessionOut
from enrollment.handlers import catalogue

router = APIRouter(tags=["catalogue"])


@router.post("/courses", status_code=status.HTTP_201_CREATED, responses=created(409))
async def create_course(
    body: CourseIn, _: Planner, uow: UowDep, request: Request, response: Response
) -> CourseOut:
    command = AddCourse(
        code=body.code, title=body.title, description=body.description, list_price=body.list_price
    )
    course = CourseOut.of(await catalogue.add_course(command, uow))
    set_location(request, response, "get_course", course_code=course.code)
    return course


@router.get("/courses", summary="The catalogue, by code")
async def list_courses(
    caller: OptionalPrincipalDep,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
) -> Page[CourseOut]:
    found, next_cursor = await catalogue.list_courses(caller, page, uow)
    return page_answer(request, response, [CourseOut.of(c) for c in found], next_cursor)


@router.get(
    "/courses/{course_code}",
    summary="One course, at the caller's price",
    responses=problems.responses(404),
)
async def get_course(
    course_code: Annotated[str, Path(min_length=1, max_length=40)],
    caller: OptionalPrincipalDep,
    uow: UowDep,
) -> CourseOut:
    return CourseOut.of(await catalogue.get_course(course_code, caller, uow))


@router.post("/sessions", status_code=status.HTTP_201_CREATED, responses=created(404))
async def create_session(
    body: SessionIn, _: Planner, uow: UowDep, request: Request, response: Response
) -> SessionOut:
    command = AddSession(
        course_id=body.course_id,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        location=body.location,
        seats=body.seats,
    )
    created_session = SessionOut.of(await catalogue.add_session(command, uow))
    set_location(request, response, "get_session", session_id=created_session.id)
    return created_session


@router.get("/sessions", summary="Sessions, soonest first")
async def list_sessions(
    caller: OptionalPrincipalDep,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    course: Annotated[str | None, Query(description="A course code", max_length=40)] = None,
    include_past: bool = False,
) -> Page[SessionOut]:
    query = ListSessions(caller=caller, course_code=course, include_past=include_past)
    found, next_cursor = await catalogue.list_sessions(query, page, uow)
    return page_answer(request, response, [SessionOut.of(s) for s in found], next_cursor)


@router.get("/sessions/{session_id}", responses=problems.responses(404))
async def get_session(session_id: UUID, caller: OptionalPrincipalDep, uow: UowDep) -> SessionOut:
    return SessionOut.of(await catalogue.get_session(ReadSession(session_id, caller), uow))
