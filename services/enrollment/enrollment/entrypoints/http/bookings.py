"""Booking requests (R-C1, R-A2), the caller's bookings (R-A4, R-A5) and staff's search,
and staff's validation queue (R-C2, R-C3)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from chassis import problems
from chassis.api import PageRequestDep, PrincipalDep, page_answer
from chassis.pages import Page
from chassis.wire_types import InstantIn
from enrollment.domain.commands import (
    ListBookings,
    ReadBooking,
    RejectBooking,
    RequestBooking,
    ValidateBooking,
)
from enrollment.domain.status import Status
from enrollment.entrypoints.http.dependencies import (
    Booker,
    Staff,
    UowDep,
    created,
    set_location,
)
from enrollment.entrypoints.http.schemas import BookingIn, BookingOut, Reason
from enrollment.handlers import bookings

router = APIRouter()


@router.post(
    "/bookings",
    status_code=status.HTTP_201_CREATED,
    tags=["bookings"],
    summary="Request seats: one booking per trainee; Location lists them "
    "(/bookings?request_id=...)",
    responses=created(404, 409),
)
async def request_booking(
    body: BookingIn, caller: Booker, uow: UowDep, request: Request, response: Response
) -> list[BookingOut]:
    command = RequestBooking(
        caller=caller,
        session_id=body.session_id,
        trainees=[t.trainee() for t in body.trainees],
        language=body.language,
        placed_by_name=body.placed_by_name,
        placed_for=body.placed_for.trainee() if body.placed_for else None,
        company_id=body.company_id,
    )
    placed = await bookings.request_booking(command, uow)
    set_location(
        request, response, "list_bookings", {"request_id": str(placed[0].booking.request_id)}
    )
    return BookingOut.all_of(placed)


Since = Annotated[InstantIn | None, Query(description="Included; with its offset")]
Until = Annotated[InstantIn | None, Query(description="Excluded; with its offset")]


@router.get(
    "/bookings",
    tags=["bookings"],
    summary="The bookings placed with my login email (only those I placed myself until it is "
    "verified); staff: every booking, to search with the filters",
)
async def list_bookings(
    caller: PrincipalDep,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    status: Status | None = None,
    session_id: UUID | None = None,
    company_id: UUID | None = None,
    request_id: Annotated[
        UUID | None, Query(description="The bookings made by one request (POST /bookings)")
    ] = None,
    requested_from: Since = None,
    requested_until: Until = None,
    starts_from: Annotated[
        InstantIn | None, Query(description="The session starts at or after; with its offset")
    ] = None,
    starts_until: Annotated[
        InstantIn | None, Query(description="The session starts before; with its offset")
    ] = None,
) -> Page[BookingOut]:
    query = ListBookings(
        caller=caller,
        status=status,
        session_id=session_id,
        company_id=company_id,
        request_id=request_id,
        requested_from=requested_from,
        requested_until=requested_until,
        starts_from=starts_from,
        starts_until=starts_until,
    )
    found, next_cursor = await bookings.list_bookings(query, page, uow)
    return page_answer(request, response, BookingOut.all_of(found), next_cursor)


@router.get("/bookings/pending", tags=["validation"], summary="Staff's queue, by deadline")
async def pending_bookings(
    _: Staff, uow: UowDep, page: PageRequestDep, request: Request, response: Response
) -> Page[BookingOut]:
    found, next_cursor = await bookings.pending_bookings(page, uow)
    return page_answer(request, response, BookingOut.all_of(found), next_cursor)


@router.get("/bookings/{booking_id}", tags=["bookings"], responses=problems.responses(403, 404))
async def get_booking(booking_id: UUID, caller: PrincipalDep, uow: UowDep) -> BookingOut:
    return BookingOut.of(await bookings.get_booking(ReadBooking(booking_id, caller), uow))


@router.post(
    "/bookings/{booking_id}/validate",
    tags=["validation"],
    responses=problems.responses(404, 409),
)
async def validate_booking(booking_id: UUID, _: Staff, uow: UowDep) -> BookingOut:
    return BookingOut.of(await bookings.validate_booking(ValidateBooking(booking_id), uow))


@router.post(
    "/bookings/{booking_id}/reject", tags=["validation"], responses=problems.responses(404, 409)
)
async def reject_booking(booking_id: UUID, body: Reason, _: Staff, uow: UowDep) -> BookingOut:
    command = RejectBooking(booking_id=booking_id, reason=body.reason)
    return BookingOut.of(await bookings.reject_booking(command, uow))
