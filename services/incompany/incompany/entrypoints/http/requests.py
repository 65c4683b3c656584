"""Requests for in-company training over HTTP (R-I1, R-I2).

Company users (enrollment managers, HR) request training for their own
company; another company's request answers 404. Staff and trainers see all.
Their planning (availability, proposals, confirmation) is `planning.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, EmailStr, Field

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from chassis.wire_types import InstantIn
from contracts.accounts import Language
from contracts.identity import Role
from incompany.domain import access
from incompany.domain.brussels_time import CalendarDay
from incompany.domain.commands import HrContactDetails, RequestTraining
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    Instant,
    UowDep,
    caller,
    created,
    set_location,
)
from incompany.handlers import requests
from incompany.handlers.requests import RequestView

router = APIRouter(tags=["requests"])

CompanyUser = caller(*access.COMPANY_USERS)
RequestReader = caller(*access.COMPANY_USERS, *access.OFFICE_STAFF, Role.TRAINER)


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


class SessionIn(BaseModel):
    starts_at: InstantIn
    ends_at: InstantIn


class SessionOut(BaseModel):
    starts_at: Instant
    ends_at: Instant


class ProposalOut(BaseModel):
    id: UUID
    state: str
    proposed_at: Instant
    sessions: list[SessionOut]


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
    created_at: Instant
    confirmed_at: Instant | None
    proposals: list[ProposalOut] = []

    @classmethod
    def of(cls, view: RequestView) -> RequestOut:
        out = cls.model_validate(view.request, from_attributes=True)
        out.proposals = [
            ProposalOut(
                id=proposal.id,
                state=proposal.state,
                proposed_at=proposal.proposed_at,
                sessions=[SessionOut(starts_at=s.starts_at, ends_at=s.ends_at) for s in sessions],
            )
            for proposal, sessions in view.proposals
        ]
        return out


@router.post(
    "/requests",
    status_code=status.HTTP_201_CREATED,
    summary="Request a catalogue course as in-company training (R-I1, R-I2)",
    responses={
        **created(404, 409),
        404: {"description": "No such course"},
        409: {"description": "The company's registration has not reached incompany yet"},
        422: {"description": "No training plan for the year, or fewer than 6 participants"},
    },
)
async def request_training(
    body: RequestIn, principal: CompanyUser, uow: UowDep, request: Request, response: Response
) -> RequestOut:
    contact = HrContactDetails(
        email=str(body.hr_contact.email or principal.email),
        full_name=body.hr_contact.full_name,
        language=body.hr_contact.language,
    )
    command = RequestTraining(
        by=principal,
        course_code=body.course_code,
        desired_from=body.desired_from,
        desired_until=body.desired_until,
        expected_participants=body.expected_participants,
        hr_contact=contact,
        comment=body.comment,
    )
    view = await requests.request_training(command, uow)
    set_location(request, response, "get_request", request_id=view.request.id)
    return RequestOut.of(view)


@router.get(
    "/requests",
    summary="Requests in the order they came: the company's own, or all for staff and trainers",
)
async def list_requests(
    principal: RequestReader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    state: Literal["requested", "proposed", "confirmed"] | None = None,
    company_id: Annotated[
        UUID | None, Query(description="Staff and trainers: one company's (ignored for others)")
    ] = None,
) -> Page[RequestOut]:
    found, next_cursor = await requests.list_requests(principal, state, company_id, page, uow)
    return page_answer(request, response, [RequestOut.of(r) for r in found], next_cursor)


@router.get("/requests/{request_id}", summary="One request and its proposals", responses=NOT_FOUND)
async def get_request(request_id: UUID, principal: RequestReader, uow: UowDep) -> RequestOut:
    return RequestOut.of(await requests.get_request(request_id, principal, uow))
