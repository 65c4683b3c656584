"""Groups over HTTP: HR's follow-up (R-I5, R-I8), class links (R-I11), moves,
cancellation (R-I13, R-I14), attendance (R-I16), evaluation results (R-I12).

A group of another company answers 404, whoever asks, as if it did not exist.
Cancelling needs HR with an approved attestation (R-A6), or customer service.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field

from contracts.identity import Role
from incompany.adapters.tables import Deadline
from incompany.domain import access
from incompany.domain.brussels_time import EARLIEST_DAY, LATEST_DAY
from incompany.domain.commands import CancelGroup, MoveGroup, RecordAttendance, SetClassLink
from incompany.entrypoints.http.dependencies import NOT_FOUND, UowDep, caller
from incompany.handlers import evaluations, groups
from incompany.handlers.groups import GroupView

router = APIRouter(tags=["groups"])

Reader = caller(*access.GROUP_READERS)
Planner = caller(*access.PLANNERS)
Canceller = caller(*access.GROUP_CANCELLERS)
AttendanceRecorder = caller(*access.ATTENDANCE_RECORDERS)
ResultsReader = caller(Role.HR, *access.OFFICE_STAFF)
OfficeStaff = caller(*access.OFFICE_STAFF)


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
    starts_at: datetime
    ends_at: datetime
    participants_until: datetime
    """R-I7: participants may change until this instant (excluded)."""
    class_link: str | None
    trainer_name: str
    hr_email: str
    hr_name: str
    hr_language: str
    state: str
    participant_count: int
    definitively_confirmed_at: datetime | None
    list_missing_reported_at: datetime | None
    cancelled_at: datetime | None
    cancellation_reason: str | None
    completed_at: datetime | None
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


@router.get(
    "/groups",
    summary="The groups the caller follows; find one by start date or reference (R-I5, R-I8)",
)
async def list_groups(
    principal: Reader,
    uow: UowDep,
    starts_on: Annotated[
        date | None,
        Query(description="Start date, Brussels", ge=EARLIEST_DAY, le=LATEST_DAY),
    ] = None,
    reference: Annotated[str | None, Query(max_length=40)] = None,
    state: Annotated[str | None, Query(pattern="^(planned|confirmed|cancelled|completed)$")] = None,
    company_id: Annotated[UUID | None, Query(description="Staff: one company's")] = None,
) -> list[GroupOut]:
    found = await groups.find_groups(
        principal,
        uow,
        starts_on=starts_on,
        reference=reference,
        state=state,
        company_id=company_id,
    )
    return [GroupOut.of(view) for view in found]


@router.get("/groups/{group_id}", summary="One group", responses=NOT_FOUND)
async def get_group(group_id: UUID, principal: Reader, uow: UowDep) -> GroupOut:
    return GroupOut.of(await groups.get_group(group_id, principal, uow))


class ClassLinkIn(BaseModel):
    class_link: str | None = Field(
        default=None, max_length=500, description="None: make it from the configured template"
    )


@router.put(
    "/groups/{group_id}/class-link",
    summary="Set the online class's link, or make it from the template (R-I11)",
    responses=NOT_FOUND,
)
async def set_class_link(
    group_id: UUID, body: ClassLinkIn, principal: Planner, uow: UowDep
) -> GroupOut:
    command = SetClassLink(by=principal, group_id=group_id, class_link=body.class_link)
    return GroupOut.of(await groups.set_class_link(command, uow))


class ScheduleIn(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime


@router.put(
    "/groups/{group_id}/schedule",
    summary="Move the class to another date or time; its deadlines follow",
    responses=NOT_FOUND,
)
async def reschedule(group_id: UUID, body: ScheduleIn, principal: Planner, uow: UowDep) -> GroupOut:
    command = MoveGroup(
        by=principal, group_id=group_id, starts_at=body.starts_at, ends_at=body.ends_at
    )
    return GroupOut.of(await groups.move_group(command, uow))


class CancellationIn(BaseModel):
    reason: str = Field(default="", max_length=1000)


@router.post(
    "/groups/{group_id}/cancellation",
    summary="Cancel the group before its start (R-I13, R-I14); billing decides any fee",
    responses=NOT_FOUND,
)
async def cancel_group(
    group_id: UUID, body: CancellationIn, principal: Canceller, uow: UowDep
) -> GroupOut:
    command = CancelGroup(by=principal, group_id=group_id, reason=body.reason)
    return GroupOut.of(await groups.cancel_group(command, uow))


class AttendanceIn(BaseModel):
    attended: list[UUID] = Field(description="The participants who attended; the rest did not")


@router.put(
    "/groups/{group_id}/attendance",
    summary="After the class, record who attended: the group is completed (R-I16)",
    responses=NOT_FOUND,
)
async def record_attendance(
    group_id: UUID, body: AttendanceIn, principal: AttendanceRecorder, uow: UowDep
) -> GroupOut:
    command = RecordAttendance(by=principal, group_id=group_id, attended=frozenset(body.attended))
    return GroupOut.of(await groups.record_attendance(command, uow))


class ResultsOut(BaseModel):
    group_id: UUID
    participants: int
    responses: int
    averages: dict[str, Decimal | None]
    distribution: dict[str, dict[int, int]]
    comments: list[str]


@router.get(
    "/groups/{group_id}/evaluations",
    summary="The group's aggregated evaluation results (R-I12)",
    responses=NOT_FOUND,
)
async def evaluation_results(group_id: UUID, principal: ResultsReader, uow: UowDep) -> ResultsOut:
    results = await evaluations.group_results(group_id, principal, uow)
    return ResultsOut(group_id=group_id, **results.__dict__)


class DeadlineOut(BaseModel):
    kind: str
    subject: str
    due_at: datetime
    state: str
    fired_at: datetime | None
    attempts: int
    last_error: str | None

    @classmethod
    def of(cls, row: Deadline) -> DeadlineOut:
        return cls.model_validate(row, from_attributes=True)


@router.get(
    "/groups/{group_id}/deadlines",
    summary="The group's deadlines and their states (staff)",
    responses=NOT_FOUND,
)
async def list_deadlines(group_id: UUID, principal: OfficeStaff, uow: UowDep) -> list[DeadlineOut]:
    return [DeadlineOut.of(d) for d in await groups.group_deadlines(group_id, principal, uow)]
