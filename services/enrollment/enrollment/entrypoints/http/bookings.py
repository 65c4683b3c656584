"""Booking requests (R-C1, R-A2), the caller's bookings (R-A4, R-A5), and staff's
validation queue (R-C2, R-C3)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from chassis import problems
from chassis.api import PrincipalDep
from enrollment.domain.commands import ReadBooking, RejectBooking, RequestBooking, ValidateBooking
from enrollment.entrypoints.http.dependencies import Booker, Staff, UowDep
from enrollment.entrypoints.http.schemas import BookingIn, BookingOut, Reason
from enrollment.handlers import bookings

router = APIRouter()


@router.post(
    "/bookings",
    status_code=status.HTTP_201_CREATED,
    tags=["bookings"],
    responses=problems.responses(404, 409),
)
async def request_booking(body: BookingIn, caller: Booker, uow: UowDep) -> list[BookingOut]:
    command = RequestBooking(
        caller=caller,
        session_id=body.session_id,
        trainees=[t.trainee() for t in body.trainees],
        language=body.language,
        placed_by_name=body.placed_by_name,
        placed_for=body.placed_for.trainee() if body.placed_for else None,
        company_id=body.company_id,
    )
    return BookingOut.all_of(await bookings.request_booking(command, uow))


@router.get("/bookings", tags=["bookings"], summary="The bookings placed with my login email")
async def my_bookings(caller: PrincipalDep, uow: UowDep) -> list[BookingOut]:
    return BookingOut.all_of(await bookings.my_bookings(caller, uow))


@router.get("/bookings/pending", tags=["validation"], summary="Staff's queue, by deadline")
async def pending_bookings(_: Staff, uow: UowDep) -> list[BookingOut]:
    return BookingOut.all_of(await bookings.pending_bookings(uow))


@router.get("/bookings/{booking_id}", tags=["bookings"], responses=problems.responses(404))
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
