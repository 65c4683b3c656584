"""Change requests (R-C5): the customer asks to cancel or move, customer service resolves."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, status

from chassis import problems
from chassis.api import PrincipalDep
from enrollment.domain.commands import ResolveChangeRequest, SubmitChangeRequest
from enrollment.entrypoints.http.dependencies import Staff, UowDep
from enrollment.entrypoints.http.schemas import ChangeRequestIn, ChangeRequestOut, ResolutionIn
from enrollment.handlers import change_requests

router = APIRouter(tags=["change requests"])


@router.post(
    "/bookings/{booking_id}/change-requests",
    status_code=status.HTTP_201_CREATED,
    responses=problems.responses(404, 409),
)
async def submit_change_request(
    booking_id: UUID, body: ChangeRequestIn, caller: PrincipalDep, uow: UowDep
) -> ChangeRequestOut:
    command = SubmitChangeRequest(
        booking_id=booking_id,
        caller=caller,
        kind=body.kind,
        target_session_id=body.target_session_id,
        message=body.message,
    )
    return ChangeRequestOut.of(await change_requests.submit_change_request(command, uow))


@router.get("/change-requests")
async def list_change_requests(
    _: Staff,
    uow: UowDep,
    state: Literal["open", "resolved", "all"] = "open",
) -> list[ChangeRequestOut]:
    return [ChangeRequestOut.of(r) for r in await change_requests.list_change_requests(state, uow)]


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
