"""Planning a request over HTTP (R-I3, R-I4): availability, proposals, confirmation.

Planners propose dates; planners or trainers record availability; the
customer's company users confirm one option, which creates the groups.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import AwareDatetime, BaseModel, Field

from incompany.adapters.tables import AvailabilitySlot, Group
from incompany.domain import access, recap
from incompany.domain.commands import ConfirmDates, ProposeDates, RecordAvailability
from incompany.domain.planning import Session, Slot
from incompany.entrypoints.http.dependencies import NOT_FOUND, UowDep, caller
from incompany.entrypoints.http.requests import RequestOut, SessionIO
from incompany.handlers import planning

router = APIRouter(tags=["requests"])

CompanyUser = caller(*access.COMPANY_USERS)
AvailabilityRecorder = caller(*access.AVAILABILITY_RECORDERS)
Planner = caller(*access.PLANNERS)


class AvailabilityIn(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    trainer_name: str = Field(min_length=1, max_length=200)
    trainer_user_id: UUID | None = Field(
        default=None, description="The trainer's account; a trainer's own when they enter it"
    )


class SlotOut(BaseModel):
    id: UUID
    trainer_name: str
    trainer_user_id: UUID | None
    starts_at: datetime
    ends_at: datetime
    recorded_by_email: str

    @classmethod
    def of(cls, slot: AvailabilitySlot) -> SlotOut:
        return cls.model_validate(slot, from_attributes=True)


@router.post(
    "/requests/{request_id}/availability",
    status_code=status.HTTP_201_CREATED,
    summary="Record when the trainer can teach within the desired period (R-I3)",
    responses=NOT_FOUND,
)
async def record_availability(
    request_id: UUID, body: AvailabilityIn, principal: AvailabilityRecorder, uow: UowDep
) -> SlotOut:
    slot = Slot(body.starts_at, body.ends_at, body.trainer_name, body.trainer_user_id)
    command = RecordAvailability(by=principal, request_id=request_id, slot=slot)
    return SlotOut.of(await planning.record_availability(command, uow))


@router.get(
    "/requests/{request_id}/availability",
    summary="The trainer availability recorded for a request",
    responses=NOT_FOUND,
)
async def list_availability(
    request_id: UUID, principal: AvailabilityRecorder, uow: UowDep
) -> list[SlotOut]:
    return [SlotOut.of(s) for s in await planning.list_availability(request_id, principal, uow)]


class OptionIn(BaseModel):
    sessions: list[SessionIO] = Field(min_length=1, max_length=20, description="One per group")


class ProposalsIn(BaseModel):
    options: list[OptionIn] = Field(min_length=1, max_length=10)


@router.post(
    "/requests/{request_id}/proposals",
    status_code=status.HTTP_201_CREATED,
    summary="Send the customer options of dates within the availability (R-I3)",
    responses=NOT_FOUND,
)
async def propose_dates(
    request_id: UUID, body: ProposalsIn, principal: Planner, uow: UowDep
) -> RequestOut:
    options = [[Session(s.starts_at, s.ends_at) for s in o.sessions] for o in body.options]
    command = ProposeDates(by=principal, request_id=request_id, options=options)
    return RequestOut.of(await planning.propose_dates(command, uow))


class ConfirmationIn(BaseModel):
    proposal_id: UUID


class GroupPlanned(BaseModel):
    id: UUID
    reference: str
    project_number: str
    group_number: int
    starts_at: datetime
    ends_at: datetime
    class_link: str | None
    recap_line: str

    @classmethod
    def of(cls, group: Group) -> GroupPlanned:
        line = recap.recap_line(
            group.project_number,
            group.group_number,
            group.course_title,
            group.starts_at,
            group.ends_at,
        )
        fields = {name: getattr(group, name, None) for name in cls.model_fields}
        return cls.model_validate({**fields, "recap_line": line})


@router.post(
    "/requests/{request_id}/confirmation",
    status_code=status.HTTP_201_CREATED,
    summary="The customer confirms one option: the groups are created (R-I3, R-I4)",
    responses=NOT_FOUND,
)
async def confirm_dates(
    request_id: UUID, body: ConfirmationIn, principal: CompanyUser, uow: UowDep
) -> list[GroupPlanned]:
    command = ConfirmDates(by=principal, request_id=request_id, proposal_id=body.proposal_id)
    return [GroupPlanned.of(g) for g in await planning.confirm_dates(command, uow)]
