"""Groups over HTTP: HR's follow-up (R-I5, R-I8), class links (R-I11), moves,
cancellation (R-I13, R-I14), attendance (R-I16), evaluation results (R-I12).

A group of another company answers 404, whoever asks, as if it did not exist.
Cancelling (`POST /groups/{id}/cancel`; `.../cancellation` is its deprecated
name) needs HR with an approved attestation (R-A6), or customer service.
A group carries an ETag; the updates (`PUT` class-link, schedule, attendance)
with `If-Match` refuse (412) to change a group changed since it was read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from chassis.wire_types import InstantIn
from contracts.identity import Role
from incompany.adapters.evaluations import ratings_of
from incompany.adapters.groups import GroupFilters
from incompany.adapters.tables import Deadline, Evaluation
from incompany.domain import access
from incompany.domain.brussels_time import DAY_PATTERN, EARLIEST_DAY, LATEST_DAY
from incompany.domain.commands import CancelGroup, MoveGroup, RecordAttendance, SetClassLink
from incompany.domain.deadlines import DeadlineKind, DeadlineState
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    IfMatch,
    Instant,
    UowDep,
    caller,
    set_etag,
    tagged,
)
from incompany.handlers import evaluations, groups
from incompany.handlers.groups import GroupView

router = APIRouter(tags=["groups"])

Reader = caller(*access.GROUP_READERS)
Planner = caller(*access.PLANNERS)
Canceller = caller(*access.GROUP_CANCELLERS)
AttendanceRecorder = caller(*access.ATTENDANCE_RECORDERS)
ResultsReader = caller(Role.HR, *access.OFFICE_STAFF)
DeadlineReader = caller(Role.HR, *access.OFFICE_STAFF)

GroupState = Literal["planned", "confirmed", "cancelled", "completed"]
Day = Annotated[date, Query(ge=EARLIEST_DAY, le=LATEST_DAY, json_schema_extra=DAY_PATTERN)]


class GroupOut(BaseModel):
    id: UUID
    request_id: UUID
    company_id: UUID
    company_name: str
    course_code: str
    course_title: str
    project_number: str
    group_number: int
    reference: str
    recap_line: str
    starts_at: Instant
    ends_at: Instant
    participants_until: Instant
    """R-I7: participants may change until this instant (excluded)."""
    class_link: str | None
    trainer_name: str
    hr_email: str
    hr_name: str
    hr_language: str
    state: str
    participant_count: int
    definitively_confirmed_at: Instant | None
    list_missing_reported_at: Instant | None
    cancelled_at: Instant | None
    cancellation_reason: str | None
    completed_at: Instant | None
    attended_count: int | None

    @classmethod
    def of(cls, view: GroupView) -> GroupOut:
        fields = {name: getattr(view.group, name, None) for name in cls.model_fields}
        return cls.model_validate(
            {
                **fields,
                "recap_line": view.recap_line,
                "participants_until": view.participants_until,
                "participant_count": view.participant_count,
            }
        )


def _answer(view: GroupView, response: Response) -> GroupOut:
    set_etag(response, view.etag)
    return GroupOut.of(view)


@router.get(
    "/groups",
    summary="The groups the caller follows, by start; find one by start date or reference "
    "(R-I5, R-I8)",
)
async def list_groups(
    principal: Reader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    starts_on: Annotated[Day | None, Query(description="Start date, Brussels")] = None,
    starts_from: Annotated[
        Day | None, Query(description="Starting on or after this day, Brussels")
    ] = None,
    starts_until: Annotated[
        Day | None, Query(description="Starting on or before this day, Brussels")
    ] = None,
    reference: Annotated[str | None, Query(max_length=40)] = None,
    state: GroupState | None = None,
    company_id: Annotated[UUID | None, Query(description="Staff: one company's")] = None,
    course_code: Annotated[str | None, Query(max_length=40)] = None,
    request_id: Annotated[UUID | None, Query(description="The groups of one request")] = None,
) -> Page[GroupOut]:
    filters = GroupFilters(
        starts_on=starts_on,
        starts_from=starts_from,
        starts_until=starts_until,
        reference=reference,
        state=state,
        company_id=company_id,
        course_code=course_code,
        request_id=request_id,
    )
    found, next_cursor = await groups.find_groups(principal, filters, page, uow)
    return page_answer(request, response, [GroupOut.of(v) for v in found], next_cursor)


@router.get("/groups/{group_id}", summary="One group", responses={**NOT_FOUND, **tagged()})
async def get_group(group_id: UUID, principal: Reader, uow: UowDep, response: Response) -> GroupOut:
    return _answer(await groups.get_group(group_id, principal, uow), response)


class ClassLinkIn(BaseModel):
    class_link: str | None = Field(
        default=None, max_length=500, description="None: make it from the configured template"
    )


@router.put(
    "/groups/{group_id}/class-link",
    summary="Set the online class's link, or make it from the template (R-I11)",
    responses={**NOT_FOUND, **tagged(200, 409, 412)},
)
async def set_class_link(
    group_id: UUID,
    body: ClassLinkIn,
    principal: Planner,
    uow: UowDep,
    response: Response,
    if_match: IfMatch = None,
) -> GroupOut:
    command = SetClassLink(
        by=principal, group_id=group_id, class_link=body.class_link, if_match=if_match
    )
    return _answer(await groups.set_class_link(command, uow), response)


class ScheduleIn(BaseModel):
    starts_at: InstantIn
    ends_at: InstantIn


@router.put(
    "/groups/{group_id}/schedule",
    summary="Move the class to another date or time; its deadlines follow",
    responses={**NOT_FOUND, **tagged(200, 409, 412)},
)
async def reschedule(
    group_id: UUID,
    body: ScheduleIn,
    principal: Planner,
    uow: UowDep,
    response: Response,
    if_match: IfMatch = None,
) -> GroupOut:
    command = MoveGroup(
        by=principal,
        group_id=group_id,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        if_match=if_match,
    )
    return _answer(await groups.move_group(command, uow), response)


class CancellationIn(BaseModel):
    reason: str = Field(default="", max_length=1000)


@router.post(
    "/groups/{group_id}/cancel",
    summary="Cancel the group before its start (R-I13, R-I14); billing decides any fee",
    responses={**NOT_FOUND, **tagged()},
)
@router.post(
    "/groups/{group_id}/cancellation",
    summary="Deprecated: POST /groups/{group_id}/cancel",
    deprecated=True,
    responses={**NOT_FOUND, **tagged()},
)
async def cancel_group(
    group_id: UUID, body: CancellationIn, principal: Canceller, uow: UowDep, response: Response
) -> GroupOut:
    command = CancelGroup(by=principal, group_id=group_id, reason=body.reason)
    return _answer(await groups.cancel_group(command, uow), response)


class AttendanceIn(BaseModel):
    attended: list[UUID] = Field(
        max_length=5000, description="The participants who attended; the rest did not"
    )


@router.put(
    "/groups/{group_id}/attendance",
    summary="After the class, record who attended: the group is completed (R-I16)",
    responses={**NOT_FOUND, **tagged(200, 409, 412)},
)
async def record_attendance(
    group_id: UUID,
    body: AttendanceIn,
    principal: AttendanceRecorder,
    uow: UowDep,
    response: Response,
    if_match: IfMatch = None,
) -> GroupOut:
    command = RecordAttendance(
        by=principal, group_id=group_id, attended=frozenset(body.attended), if_match=if_match
    )
    return _answer(await groups.record_attendance(command, uow), response)


class ResultsOut(BaseModel):
    group_id: UUID
    participants: int
    responses: int
    averages: dict[str, Decimal | None]
    distribution: dict[str, dict[int, int]]


@router.get(
    "/groups/{group_id}/evaluation-results",
    summary="The group's aggregated evaluation results (R-I12); the answers one by one, "
    "with their comments, are GET /groups/{group_id}/evaluations",
    responses=NOT_FOUND,
)
async def evaluation_results(group_id: UUID, principal: ResultsReader, uow: UowDep) -> ResultsOut:
    results = await evaluations.group_results(group_id, principal, uow)
    return ResultsOut(
        group_id=group_id,
        participants=results.participants,
        responses=results.responses,
        averages=results.averages,
        distribution=results.distribution,
    )


class RatingsOut(BaseModel):
    content: int
    trainer: int
    organisation: int
    platform: int


class AnswerOut(BaseModel):
    """One participant's answer, without who gave it."""

    id: UUID
    ratings: RatingsOut
    comment: str
    submitted_at: Instant

    @classmethod
    def of(cls, evaluation: Evaluation) -> AnswerOut:
        return cls(
            id=evaluation.id,
            ratings=RatingsOut(**ratings_of(evaluation)),
            comment=evaluation.comment,
            submitted_at=evaluation.submitted_at,
        )


@router.get(
    "/groups/{group_id}/evaluations",
    summary="The group's evaluation answers one by one, oldest first (R-I12)",
    responses=NOT_FOUND,
)
async def evaluation_answers(
    group_id: UUID,
    principal: ResultsReader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    commented: Annotated[
        bool | None, Query(description="Only the answers with (true) or without a comment")
    ] = None,
) -> Page[AnswerOut]:
    found, next_cursor = await evaluations.group_answers(group_id, principal, commented, page, uow)
    return page_answer(request, response, [AnswerOut.of(e) for e in found], next_cursor)


class DeadlineOut(BaseModel):
    kind: str
    subject: str
    due_at: Instant
    state: str
    fired_at: Instant | None
    attempts: int
    last_error: str | None

    @classmethod
    def of(cls, row: Deadline) -> DeadlineOut:
        return cls.model_validate(row, from_attributes=True)


@router.get(
    "/groups/{group_id}/deadlines",
    summary="The group's deadlines and their states, by due instant (staff; HR their "
    "company's, without the internal error of a failed attempt)",
    responses=NOT_FOUND,
)
async def list_deadlines(
    group_id: UUID,
    principal: DeadlineReader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    state: DeadlineState | None = None,
    kind: DeadlineKind | None = None,
) -> Page[DeadlineOut]:
    found, next_cursor = await groups.group_deadlines(
        group_id,
        principal,
        page,
        uow,
        state=state.value if state else None,
        kind=kind.value if kind else None,
    )
    shown = [DeadlineOut.of(d) for d in found]
    if not access.is_office_staff(principal):
        shown = [d.model_copy(update={"last_error": None}) for d in shown]
    return page_answer(request, response, shown, next_cursor)
