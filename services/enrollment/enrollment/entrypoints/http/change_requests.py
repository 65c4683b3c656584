"""Change requests (R-C5): the customer asks to cancel or move, customer service resolves.

A customer follows their own (`GET /change-requests`, and on each booking);
staff see every one."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from chassis import problems
from chassis.api import PageRequestDep, PrincipalDep, page_answer
from chassis.pages import Page
from enrollment.domain.commands import (
    ListChangeRequests,
    ResolveChangeRequest,
    SubmitChangeRequest,
)
from enrollment.entrypoints.http.dependencies import Staff, UowDep, created, set_location
from enrollment.entrypoints.http.schemas import ChangeRequestIn, ChangeRequestOut, ResolutionIn
from enrollment.handlers import change_requests

router = APIRouter(tags=["change requests"])


@router.post(
    "/bookings/{booking_id}/change-requests",
    status_code=status.HTTP_201_CREATED,
    responses=created(403, 404, 409),
)
async def submit_change_request(
    booking_id: UUID,
    body: ChangeRequestIn,
    caller: PrincipalDep,
    uow: UowDep,
    request: Request,
    response: Response,
) -> ChangeRequestOut:
    command = SubmitChangeRequest(
        booking_id=booking_id,
        caller=caller,
        kind=body.kind,
        target_session_id=body.target_session_id,
        message=body.message,
    )
    submitted = ChangeRequestOut.of(await change_requests.submit_change_request(command, uow))
    set_location(request, response, "get_change_request", request_id=submitted.id)
    return submitted


@router.get(
    "/change-requests",
    summary="Change requests, oldest first: staff see all, a customer those on their own "
    "bookings (an empty page when none)",
)
async def list_change_requests(
    caller: PrincipalDep,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    state: Literal["open", "resolved", "all"] = "open",
    booking_id: UUID | None = None,
) -> Page[ChangeRequestOut]:
    query = ListChangeRequests(caller=caller, state=state, booking_id=booking_id)
    found, next_cursor = await change_requests.list_change_requests(query, page, uow)
    return page_answer(request, response, [ChangeRequestOut.of(r) for r in found], next_cursor)


@router.get(
    "/change-requests/{request_id}",
    summary="One change request (staff, or whoever sees its booking)",
    responses=problems.responses(403, 404),
)
async def get_change_request(
    request_id: UUID, caller: PrincipalDep, uow: UowDep
) -> ChangeRequestOut:
    return ChangeRequestOut.of(await change_requests.get_change_request(request_id, caller, uow))


@router.post("/change-requests/{request_id}/resolve", responses=problems.responses(404, 409))
async def resolve_change_request(
    request_id: UUID, body: ResolutionIn, staff: Staff, uow: UowDep
) -> ChangeRequestOut:
    command = ResolveChangeRequest(
        request_id=request_id,
        outcome=body.outcome,
        reason=body.reason,
        target_session_id=body.target_session_id,
        resolved_by=staff.user_id,
    )
    return ChangeRequestOut.of(await change_requests.resolve_change_request(command, uow))
