"""Training plans, requests and their planning over HTTP (R-I1..R-I4).

Company users (enrollment managers, HR) record plans, request training and
confirm dates for their own company; another company's plan or request
answers 404. Planners propose dates; planners or trainers record availability.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Query, Response, UploadFile, status
from pydantic import AwareDatetime, BaseModel, EmailStr, Field

from chassis.api import UnitOfWorkDep
from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.identity import Role
from incompany.adapters.tables import AvailabilitySlot, Group, TrainingPlan, TrainingRequest
from incompany.domain import access, recap
from incompany.domain.brussels_time import CalendarDay
from incompany.domain.planning import Session, Slot
from incompany.domain.refusals import NotFound
from incompany.entrypoints.http.dependencies import NOT_FOUND, DomainRoute, SettingsDep, caller
from incompany.entrypoints.http.documents import download, read_upload
from incompany.handlers import requests as training_requests
from incompany.handlers import training_plans
from incompany.handlers.requests import HrContactDetails, RequestTraining

router = APIRouter(tags=["requests"], route_class=DomainRoute)

CompanyUser = caller(*access.COMPANY_USERS)
PlanReader = caller(*access.COMPANY_USERS, *access.OFFICE_STAFF)
RequestReader = caller(*access.COMPANY_USERS, *access.OFFICE_STAFF, Role.TRAINER)
AvailabilityRecorder = caller(*access.AVAILABILITY_RECORDERS)
Planner = caller(*access.PLANNERS)


class PlanOut(BaseModel):
    id: UUID
    company_id: UUID
    year: int
    reference: str
    document_name: str
    content_type: str
    document_size: int
    document_sha256: str
    submitted_by_email: str
    submitted_at: datetime

    @classmethod
    def of(cls, plan: TrainingPlan) -> PlanOut:
        return cls.model_validate(plan, from_attributes=True)


@router.post(
    "/training-plans",
    status_code=status.HTTP_201_CREATED,
    summary="Record the company's training plan, with its document (R-I2)",
    responses={409: {"description": "This plan is already recorded"}},
)
async def submit_plan(
    year: Annotated[int, Form(ge=2000, le=2100)],
    reference: Annotated[str, Form(min_length=1, max_length=100)],
    document: UploadFile,
    principal: CompanyUser,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
) -> PlanOut:
    upload = await read_upload(document, settings.max_document_bytes)
    plan = await training_plans.submit_plan(
        uow,
        principal,
        year=year,
        reference=reference,
        upload=upload,
        max_bytes=settings.max_document_bytes,
    )
    return PlanOut.of(plan)


@router.get("/training-plans", summary="The company's training plans (all for staff)")
async def list_plans(
    principal: PlanReader,
    uow: UnitOfWorkDep,
    company_id: Annotated[UUID | None, Query(description="Staff only")] = None,
) -> list[PlanOut]:
    scope = company_id if access.is_office_staff(principal) else principal.company_id
    return [PlanOut.of(p) for p in await training_plans.plans_of(uow, scope)]


@router.get(
    "/training-plans/{plan_id}/document",
    summary="Download a training plan's document",
    response_class=Response,
    responses=NOT_FOUND,
)
async def plan_document(plan_id: UUID, principal: PlanReader, uow: UnitOfWorkDep) -> Response:
    plan = await training_plans.get_plan(uow, plan_id)
    if not access.sees_company(principal, plan.company_id):
        raise NotFound(f"no training plan {plan_id}")
    return download(plan.document, plan.content_type, plan.document_name)


class HrContactIn(BaseModel):
    email: EmailStr | None = Field(default=None, description="Default: the requester's login email")
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"


class RequestIn(BaseModel):
    course_code: str = Field(min_length=1, max_length=40)
    desired_from: CalendarDay = Field(description="First day of the desired period (Brussels)")
    desired_until: CalendarDay
    expected_participants: int = Field(ge=1, le=1000)
    hr_contact: HrContactIn
    comment: str = Field(default="", max_length=2000)


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


class SessionIO(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class ProposalOut(BaseModel):
    id: UUID
    state: str
    proposed_at: datetime
    sessions: list[SessionIO]


class RequestOut(BaseModel):
    id: UUID
    company_id: UUID
    company_name: str
    course_code: str
    course_title: str
    training_plan_id: UUID
    desired_from: date
    desired_until: date
    expected_participants: int
    comment: str
    hr_email: str
    hr_name: str
    hr_language: str
    requested_by_email: str
    state: str
    project_number: str | None
    created_at: datetime
    confirmed_at: datetime | None
    proposals: list[ProposalOut] = []


async def _request_out(uow: UnitOfWork, found: TrainingRequest) -> RequestOut:
    out = RequestOut.model_validate(found, from_attributes=True)
    for proposal in await training_requests.proposals_of(uow, found.id):
        sessions = await training_requests.sessions_of(uow, proposal.id)
        out.proposals.append(
            ProposalOut(
                id=proposal.id,
                state=proposal.state,
                proposed_at=proposal.proposed_at,
                sessions=[SessionIO(starts_at=s.starts_at, ends_at=s.ends_at) for s in sessions],
            )
        )
    return out


async def _visible_request(
    uow: UnitOfWork, principal: Principal, request_id: UUID, *, for_update: bool = False
) -> TrainingRequest:
    found = await training_requests.get_request(uow, request_id, for_update=for_update)
    if not (access.sees_company(principal, found.company_id) or principal.has_any(Role.TRAINER)):
        raise NotFound(f"no request {request_id}")
    return found


@router.post(
    "/requests",
    status_code=status.HTTP_201_CREATED,
    summary="Request a catalogue course as in-company training (R-I1, R-I2)",
    responses={
        404: {"description": "No such course"},
        422: {"description": "No training plan for the year, or fewer than 6 participants"},
    },
)
async def request_training(
    body: RequestIn, principal: CompanyUser, uow: UnitOfWorkDep, settings: SettingsDep
) -> RequestOut:
    contact = HrContactDetails(
        email=str(body.hr_contact.email or principal.email),
        full_name=body.hr_contact.full_name,
        language=body.hr_contact.language,
    )
    command = RequestTraining(
        course_code=body.course_code,
        desired_from=body.desired_from,
        desired_until=body.desired_until,
        expected_participants=body.expected_participants,
        hr_contact=contact,
        comment=body.comment,
    )
    found = await training_requests.request_training(uow, principal, command, settings)
    return await _request_out(uow, found)


@router.get("/requests", summary="Requests: the company's own, or all for staff and trainers")
async def list_requests(
    principal: RequestReader,
    uow: UnitOfWorkDep,
    state: Annotated[str | None, Query(pattern="^(requested|proposed|confirmed)$")] = None,
) -> list[RequestOut]:
    staff = access.is_office_staff(principal) or principal.has_any(Role.TRAINER)
    scope = None if staff else principal.company_id
    found = await training_requests.list_requests(uow, scope, state)
    return [await _request_out(uow, r) for r in found]


@router.get("/requests/{request_id}", summary="One request and its proposals", responses=NOT_FOUND)
async def get_request(request_id: UUID, principal: RequestReader, uow: UnitOfWorkDep) -> RequestOut:
    return await _request_out(uow, await _visible_request(uow, principal, request_id))


class AvailabilityIn(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    trainer_name: str = Field(min_length=1, max_length=200)
    trainer_user_id: UUID | None = Field(
        default=None, description="The trainer's account; a trainer's own when they enter it"
    )


@router.post(
    "/requests/{request_id}/availability",
    status_code=status.HTTP_201_CREATED,
    summary="Record when the trainer can teach within the desired period (R-I3)",
    responses=NOT_FOUND,
)
async def record_availability(
    request_id: UUID, body: AvailabilityIn, principal: AvailabilityRecorder, uow: UnitOfWorkDep
) -> SlotOut:
    found = await _visible_request(uow, principal, request_id)
    is_trainer = principal.has_any(Role.TRAINER) and not principal.has_any(*access.PLANNERS)
    slot = Slot(
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        trainer_name=body.trainer_name,
        trainer_user_id=principal.user_id if is_trainer else body.trainer_user_id,
    )
    return SlotOut.of(await training_requests.record_availability(uow, found, slot, principal))


@router.get(
    "/requests/{request_id}/availability",
    summary="The trainer availability recorded for a request",
    responses=NOT_FOUND,
)
async def list_availability(
    request_id: UUID, principal: AvailabilityRecorder, uow: UnitOfWorkDep
) -> list[SlotOut]:
    await _visible_request(uow, principal, request_id)
    return [SlotOut.of(s) for s in await training_requests.availability_of(uow, request_id)]


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
    request_id: UUID,
    body: ProposalsIn,
    principal: Planner,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
) -> RequestOut:
    found = await _visible_request(uow, principal, request_id, for_update=True)
    options = [[Session(s.starts_at, s.ends_at) for s in o.sessions] for o in body.options]
    await training_requests.propose_dates(uow, found, options, principal, settings)
    return await _request_out(uow, found)


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
    request_id: UUID,
    body: ConfirmationIn,
    principal: CompanyUser,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
) -> list[GroupPlanned]:
    found = await _visible_request(uow, principal, request_id, for_update=True)
    groups = await training_requests.confirm_dates(
        uow, found, body.proposal_id, principal, settings
    )
    return [GroupPlanned.of(g) for g in groups]
