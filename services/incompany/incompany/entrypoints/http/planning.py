"""Planning a request over HTTP (R-I3, R-I4): availability, proposals, confirmation.

Planners propose dates; planners or trainers record availability; the
customer's company users confirm one option (`POST .../confirm`), which creates
the groups. `POST .../confirmation` is the deprecated name of that action
(docs/API.md, deprecations): it answers the bare list of groups as it did.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from chassis.tokens import Principal
from chassis.wire_types import InstantIn
from incompany.adapters.tables import AvailabilitySlot, Group
from incompany.domain import access, recap
from incompany.domain.commands import ConfirmDates, ProposeDates, RecordAvailability
from incompany.domain.planning import Session, Slot
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    Instant,
    UowDep,
    caller,
    created,
    set_location,
)
from incompany.entrypoints.http.requests import RequestOut, SessionIn
from incompany.handlers import planning

router = APIRouter(tags=["requests"])

CompanyUser = caller(*access.COMPANY_USERS)
AvailabilityRecorder = caller(*access.AVAILABILITY_RECORDERS)
Planner = caller(*access.PLANNERS)


class AvailabilityIn(BaseModel):
    starts_at: InstantIn
    ends_at: InstantIn
    trainer_name: str = Field(min_length=1, max_length=200)
    trainer_user_id: UUID | None = Field(
        default=None, description="The trainer's account; a trainer's own when they enter it"
    )


class SlotOut(BaseModel):
    id: UUID
    trainer_name: str
    trainer_user_id: UUID | None
    starts_at: Instant
    ends_at: Instant
    recorded_by_email: str

    @classmethod
    def of(cls, slot: AvailabilitySlot) -> SlotOut:
        return cls.model_validate(slot, from_attributes=True)


@router.post(
    "/requests/{request_id}/availability",
    status_code=status.HTTP_201_CREATED,
    summary="Record when the trainer can teach within the desired period (R-I3)",
    responses={**NOT_FOUND, **created(409)},
)
async def record_availability(
    request_id: UUID,
    body: AvailabilityIn,
    principal: AvailabilityRecorder,
    uow: UowDep,
    request: Request,
    response: Response,
) -> SlotOut:
    slot = Slot(body.starts_at, body.ends_at, body.trainer_name, body.trainer_user_id)
    command = RecordAvailability(by=principal, request_id=request_id, slot=slot)
    row = await planning.record_availability(command, uow)
    set_location(request, response, "get_availability", request_id=request_id, slot_id=row.id)
    return SlotOut.of(row)


@router.get(
    "/requests/{request_id}/availability",
    summary="The trainer availability recorded for a request, earliest first",
    responses=NOT_FOUND,
)
async def list_availability(
    request_id: UUID,
    principal: AvailabilityRecorder,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
) -> Page[SlotOut]:
    found, next_cursor = await planning.list_availability(request_id, principal, page, uow)
    return page_answer(request, response, [SlotOut.of(s) for s in found], next_cursor)


@router.get(
    "/requests/{request_id}/availability/{slot_id}",
    summary="One availability of a request",
    responses=NOT_FOUND,
)
async def get_availability(
    request_id: UUID, slot_id: UUID, principal: AvailabilityRecorder, uow: UowDep
) -> SlotOut:
    return SlotOut.of(await planning.get_availability(request_id, slot_id, principal, uow))


class OptionIn(BaseModel):
    sessions: list[SessionIn] = Field(min_length=1, max_length=20, description="One per group")


class ProposalsIn(BaseModel):
    options: list[OptionIn] = Field(min_length=1, max_length=10)


@router.post(
    "/requests/{request_id}/proposals",
    status_code=status.HTTP_201_CREATED,
    summary="Send the customer options of dates within the availability (R-I3); the answer "
    "is the request with its proposals, Location the request",
    responses={**NOT_FOUND, **created(409)},
)
async def propose_dates(
    request_id: UUID,
    body: ProposalsIn,
    principal: Planner,
    uow: UowDep,
    request: Request,
    response: Response,
) -> RequestOut:
    options = [[Session(s.starts_at, s.ends_at) for s in o.sessions] for o in body.options]
    command = ProposeDates(by=principal, request_id=request_id, options=options)
    view = await planning.propose_dates(command, uow)
    set_location(request, response, "get_request", request_id=request_id)
    return RequestOut.of(view)


class ConfirmationIn(BaseModel):
    proposal_id: UUID


class GroupPlanned(BaseModel):
    id: UUID
    reference: str
    project_number: str
    group_number: int
    starts_at: Instant
    ends_at: Instant
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


class GroupsPlanned(BaseModel):
    """The groups a confirmation created, one per session of the chosen option."""

    groups: list[GroupPlanned]


async def _confirm(
    request_id: UUID, body: ConfirmationIn, principal: Principal, uow: UowDep
) -> list[Group]:
    command = ConfirmDates(by=principal, request_id=request_id, proposal_id=body.proposal_id)
    return await planning.confirm_dates(command, uow)


@router.post(
    "/requests/{request_id}/confirm",
    status_code=status.HTTP_201_CREATED,
    summary="The customer confirms one option: the groups are created (R-I3, R-I4); "
    "Location is the list of the request's groups",
    responses={**NOT_FOUND, **created(409)},
)
async def confirm_dates(
    request_id: UUID,
    body: ConfirmationIn,
    principal: CompanyUser,
    uow: UowDep,
    request: Request,
    response: Response,
) -> GroupsPlanned:
    groups = await _confirm(request_id, body, principal, uow)
    set_location(request, response, "list_groups", query={"request_id": str(request_id)})
    return GroupsPlanned(groups=[GroupPlanned.of(g) for g in groups])


@router.post(
    "/requests/{request_id}/confirmation",
    status_code=status.HTTP_201_CREATED,
    summary="Deprecated: POST /requests/{request_id}/confirm (this answers the bare list)",
    deprecated=True,
    responses={**NOT_FOUND, **created(409)},
)
async def confirm_dates_deprecated(
    request_id: UUID,
    body: ConfirmationIn,
    principal: CompanyUser,
    uow: UowDep,
    request: Request,
    response: Response,
) -> list[GroupPlanned]:
    groups = await _confirm(request_id, body, principal, uow)
    set_location(request, response, "list_groups", query={"request_id": str(request_id)})
    return [GroupPlanned.of(g) for g in groups]
