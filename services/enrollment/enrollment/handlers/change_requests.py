"""R-C5: a customer asks to cancel or move a booking; customer service cancels, moves or
declines, and the customer is told."""

from __future__ import annotations

from uuid import UUID, uuid4

from chassis.pages import PageRequest
from chassis.tokens import Principal
from contracts.enrollment import BookingCancelledV1, ChangeRequestResolvedV1
from contracts.identity import normalise_email
from enrollment.adapters import bookings, catalogue, change_requests
from enrollment.adapters.tables import Booking, ChangeRequest
from enrollment.domain import access
from enrollment.domain import status as booking_status
from enrollment.domain.change_requests import (
    check_move,
    check_resolution,
    move_target,
    requested_move,
)
from enrollment.domain.commands import (
    ListChangeRequests,
    ResolveChangeRequest,
    SubmitChangeRequest,
)
from enrollment.domain.refusals import ChangeRequestOpen, ChangeRequestResolved, UnknownSession
from enrollment.domain.status import Status
from enrollment.handlers import Uow


async def submit_change_request(command: SubmitChangeRequest, uow: Uow) -> ChangeRequest:
    """The customer who placed the booking asks; one open request per booking at a time."""
    booking = await bookings.booking(uow.session, command.booking_id)
    access.check_may_read(booking.placed_by_email, booking.placed_by_user_id, command.caller)
    booking_status.check_changeable(Status(booking.status))
    if await change_requests.has_open_request(uow.session, booking.id):
        raise ChangeRequestOpen("this booking already has an open change request")
    target = requested_move(command.kind, command.target_session_id, booking.session_id)
    if target is not None:
        await _check_move(uow, booking, target)
    request = ChangeRequest(
        id=uuid4(),
        booking_id=booking.id,
        kind=command.kind,
        target_session_id=command.target_session_id,
        message=command.message,
        submitted_at=uow.clock.now(),
        submitted_by_email=normalise_email(command.caller.email),
        state="open",
        reason="",
    )
    uow.session.add(request)
    bookings.record_change(
        uow.session, booking, at=uow.clock.now(), note=f"change request: {command.kind}"
    )
    await uow.commit()
    return request


async def _check_move(uow: Uow, booking: Booking, target: UUID) -> None:
    found = {
        session.id: session
        for session, _ in await catalogue.sessions_with_courses(
            uow.session, ids=[booking.session_id, target]
        )
    }
    if target not in found:
        raise UnknownSession(target, field="target_session_id")
    check_move(
        found[booking.session_id].course_id,
        found[target].course_id,
        found[target].starts_at,
        now=uow.clock.now(),
    )


async def list_change_requests(
    query: ListChangeRequests, page: PageRequest, uow: Uow
) -> tuple[list[ChangeRequest], str | None]:
    """Staff see every change request; a customer those on the bookings they see (R-A4):
    none is an empty page, not a refusal."""
    history = access.history(query.caller)
    return await change_requests.requests_in(uow.session, history, query, page)


async def get_change_request(request_id: UUID, caller: Principal, uow: Uow) -> ChangeRequest:
    """One change request, for staff or whoever sees its booking (403 for anyone else)."""
    request = await change_requests.find_request(uow.session, request_id)
    booking = await bookings.booking(uow.session, request.booking_id, for_update=False)
    access.check_may_read(booking.placed_by_email, booking.placed_by_user_id, caller)
    return request


async def resolve_change_request(command: ResolveChangeRequest, uow: Uow) -> ChangeRequest:
    """Customer service cancels (the seat is freed), moves (a seat is taken in the target
    session, the price stays) or declines with a reason; the customer is told."""
    request = await change_requests.locked_request(uow.session, command.request_id)
    if request.state != "open":
        raise ChangeRequestResolved(request.outcome)
    booking = await bookings.booking(uow.session, request.booking_id)
    check_resolution(command.outcome, command.reason)
    now = uow.clock.now()
    if command.outcome == "cancelled":
        booking.status = booking_status.cancel(Status(booking.status))
        bookings.record_change(
            uow.session,
            booking,
            at=now,
            note=command.reason or "cancelled at the customer's request",
        )
        await catalogue.release_seat(uow.session, booking.session_id)
        uow.publish(
            BookingCancelledV1(
                booking_id=booking.id,
                session=await catalogue.session_facts(uow.session, booking.session_id),
                placed_by_email=booking.placed_by_email,
                language=booking.language,  # type: ignore[arg-type]
                reason=command.reason,
            )
        )
    elif command.outcome == "moved":
        booking_status.check_movable(Status(booking.status))
        target = move_target(
            command.target_session_id or request.target_session_id, booking.session_id
        )
        await _check_move(uow, booking, target)
        await catalogue.take_seats(uow.session, target, 1)
        await catalogue.release_seat(uow.session, booking.session_id)
        booking.session_id = target
        bookings.record_change(
            uow.session, booking, at=now, note=command.reason or "moved to another session"
        )
    else:
        bookings.record_change(
            uow.session, booking, at=now, note=f"change request declined: {command.reason}"
        )
    request.state = "resolved"
    request.outcome = command.outcome
    request.reason = command.reason
    request.resolved_at = now
    request.resolved_by = command.resolved_by
    uow.publish(
        ChangeRequestResolvedV1(
            change_request_id=request.id,
            booking_id=booking.id,
            outcome=command.outcome,
            reason=command.reason,
            placed_by_email=booking.placed_by_email,
            language=booking.language,  # type: ignore[arg-type]
            session=await catalogue.session_facts(uow.session, booking.session_id),
        )
    )
    await uow.commit()
    return request
