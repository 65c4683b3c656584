"""Requests for in-company training (R-I1, R-I2), and what their readers see.

A company user requests a catalogue course (R-I1) once the company has a
training plan and with at least 6 participants (R-I2). Their planning, from
the trainer's availability to the confirmed groups, is `planning.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from chassis.pages import PageRequest
from chassis.tokens import Principal
from incompany.adapters import requests
from incompany.adapters.companies import company_name
from incompany.adapters.tables import Proposal, ProposalSession, TrainingRequest
from incompany.adapters.training_plans import plan_years
from incompany.domain import access
from incompany.domain.brussels_time import local_date
from incompany.domain.commands import RequestTraining
from incompany.domain.eligibility import check_request
from incompany.domain.refusals import (
    CompanyAccountRequired,
    CompanyNotKnownYet,
    UnknownRequest,
)
from incompany.domain.requests import REQUESTED
from incompany.handlers import Uow
from incompany.handlers.catalogue import course_by_code


@dataclass(frozen=True)
class RequestView:
    """A request as its readers see it: with every proposal and its sessions."""

    request: TrainingRequest
    proposals: Sequence[tuple[Proposal, Sequence[ProposalSession]]]


async def request_training(command: RequestTraining, uow: Uow) -> RequestView:
    by = command.by
    if by.company_id is None:
        raise CompanyAccountRequired(
            "company: in-company training is requested by a company account"
        )
    course = await course_by_code(command.course_code, uow)
    years = await plan_years(uow.session, by.company_id)
    check_request(
        expected_participants=command.expected_participants,
        minimum_participants=uow.settings.minimum_participants,
        desired_from=command.desired_from,
        desired_until=command.desired_until,
        today=local_date(uow.clock.now()),
        plan_years=years,
        course_active=course.active,
    )
    name = await company_name(uow.session, by.company_id)
    if name is None:
        raise CompanyNotKnownYet(
            "company: your company's registration has not reached in-company training yet; "
            "try again in a minute"
        )
    training_request = TrainingRequest(
        id=uuid.uuid4(),
        company_id=by.company_id,
        company_name=name,
        course_id=course.id,
        course_code=course.code,
        course_title=course.title,
        training_plan_id=years[command.desired_from.year],
        desired_from=command.desired_from,
        desired_until=command.desired_until,
        expected_participants=command.expected_participants,
        comment=command.comment.strip()[:2000],
        hr_email=command.hr_contact.email.strip().lower(),
        hr_name=command.hr_contact.full_name.strip(),
        hr_language=command.hr_contact.language,
        requested_by_user_id=by.user_id,
        requested_by_email=by.email.lower(),
        state=REQUESTED,
        created_at=uow.clock.now(),
    )
    uow.session.add(training_request)
    await uow.commit()
    return RequestView(training_request, [])


async def visible_request(
    request_id: UUID, by: Principal, uow: Uow, *, for_update: bool = False
) -> TrainingRequest:
    """The request, if the caller may see it (`access.sees_request`); 404 otherwise."""
    found = await requests.get_request(uow.session, request_id, for_update=for_update)
    if found is None or not access.sees_request(by, found.company_id):
        raise UnknownRequest(f"no request {request_id}")
    return found


async def view_of(training_request: TrainingRequest, uow: Uow) -> RequestView:
    proposals = [
        (proposal, await requests.sessions_of(uow.session, proposal.id))
        for proposal in await requests.proposals_of(uow.session, training_request.id)
    ]
    return RequestView(training_request, proposals)


async def get_request(request_id: UUID, by: Principal, uow: Uow) -> RequestView:
    return await view_of(await visible_request(request_id, by, uow), uow)


async def list_requests(
    by: Principal, state: str | None, company_id: UUID | None, page: PageRequest, uow: Uow
) -> tuple[list[RequestView], str | None]:
    """The company's own requests; every request (or one company's) for staff and trainers."""
    if access.sees_every_request(by):
        scope = company_id
    elif by.company_id is not None:
        scope = by.company_id
    else:
        return [], None
    found, next_cursor = await requests.list_requests(uow.session, page, scope, state)
    return [await view_of(r, uow) for r in found], next_cursor
