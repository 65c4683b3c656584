"""The catalogue: anyone browses courses and sessions; planners add them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from chassis import problems
from chassis.api import OptionalPrincipalDep
from enrollment.domain.commands import AddCourse, AddSession, ListSessions, ReadSession
from enrollment.entrypoints.http.dependencies import Planner, UowDep
from enrollment.entrypoints.http.schemas import CourseIn, CourseOut, SessionIn, SessionOut
from enrollment.handlers import catalogue

router = APIRouter(tags=["catalogue"])


@router.post("/courses", status_code=status.HTTP_201_CREATED, responses=problems.responses(409))
async def create_course(body: CourseIn, _: Planner, uow: UowDep) -> CourseOut:
    command = AddCourse(
        code=body.code, title=body.title, description=body.description, list_price=body.list_price
    )
    return CourseOut.of(await catalogue.add_course(command, uow))


@router.get("/courses")
async def list_courses(caller: OptionalPrincipalDep, uow: UowDep) -> list[CourseOut]:
    return [CourseOut.of(priced) for priced in await catalogue.list_courses(caller, uow)]


@router.post("/sessions", status_code=status.HTTP_201_CREATED, responses=problems.responses(404))
async def create_session(body: SessionIn, _: Planner, uow: UowDep) -> SessionOut:
    command = AddSession(
        course_id=body.course_id,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        location=body.location,
        seats=body.seats,
    )
    return SessionOut.of(await catalogue.add_session(command, uow))


@router.get("/sessions")
async def list_sessions(
    caller: OptionalPrincipalDep,
    uow: UowDep,
    course: Annotated[str | None, Query(description="A course code")] = None,
    include_past: bool = False,
) -> list[SessionOut]:
    query = ListSessions(caller=caller, course_code=course, include_past=include_past)
    return [SessionOut.of(priced) for priced in await catalogue.list_sessions(query, uow)]


@router.get("/sessions/{session_id}", responses=problems.responses(404))
async def get_session(session_id: UUID, caller: OptionalPrincipalDep, uow: UowDep) -> SessionOut:
    return SessionOut.of(await catalogue.get_session(ReadSession(session_id, caller), uow))
