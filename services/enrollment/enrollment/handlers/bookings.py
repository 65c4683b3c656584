"""Booking requests (R-C1, R-A2), their validation or rejection by staff (R-C2, R-C3), and
who sees which bookings (R-A4, R-A5)."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import structlog

from chassis.pages import PageRequest
from contracts.emails import emails_checked
from contracts.enrollment import (
    BookingRejectedV1,
    BookingRequestedV1,
    BookingValidatedV1,
    Trainee,
)
from contracts.identity import normalise_email
from enrollment.adapters import agreements, bookings, catalogue
from enrollment.adapters.bookings import BookingRecord
from enrollment.adapters.tables import Booking, BookingChange
from enrollment.domain import access
from enrollment.domain import status as booking_status
from enrollment.domain.bookings import check_each_trainee_once, check_open
from enrollment.domain.business_hours import add_business_hours
from enrollment.domain.commands import (
    ListBookings,
    ReadBooking,
    RejectBooking,
    RequestBooking,
    ValidateBooking,
)
from enrollment.domain.status import Status
from enrollment.handlers import Uow

log = structlog.get_logger("enrollment")


async def request_booking(command: RequestBooking, uow: Uow) -> list[BookingRecord]:
    """One booking per trainee, at the price in effect now, all seats taken or none.

    One transaction of three statements on PostgreSQL (an agreement's prices add one for a
    company): the seats taken by an UPDATE that returns the session and its course, the
    bookings with their history lines, then the outbox rows at commit. The answer is what
    was written, from memory; nothing is read back. A request refused by a rule rolls back
    what it took.
    """
    placement = access.placement(command)
    now = uow.clock.now()
    emails = [normalise_email(t.email) for t in command.trainees]
    taken = await catalogue.seats_taken(uow.session, command.session_id, len(emails))
    if taken is None:  # why: the same rules, in the same order, on the session as it is
        found, _ = await catalogue.session_with_course(uow.session, command.session_id)
        check_open(found.starts_at, now=now)
        check_each_trainee_once(emails)
        raise catalogue.not_enough_seats(found, len(emails))
    session, course = taken
    check_open(session.starts_at, now=now)
    check_each_trainee_once(emails)
    facts = catalogue.facts(session, course)
    book = await agreements.price_book(uow.session, placement.company_id, now=now)
    price = book.price(course.id, course.list_price)
    due = add_business_hours(now, uow.settings.validation_business_hours)
    request_id = uuid4()
    note = "placed by customer service" if placement.by_staff else ""
    placed: list[BookingRecord] = []
    for trainee, email in zip(command.trainees, emails, strict=True):
        booking = Booking(
            id=uuid4(),
            request_id=request_id,
            session_id=command.session_id,
            trainee_name=trainee.full_name.strip(),
            trainee_email=email,
            placed_by_email=placement.email,
            placed_by_user_id=placement.user_id,
            placed_by_name=placement.name,
            placed_by_staff=placement.by_staff,
            company_id=placement.company_id,
            language=command.language,
            price=price,
            status=Status.PENDING_VALIDATION,
            requested_at=now,
            validation_due_at=due,
            overdue_at=None,
            invoiced_total=Decimal("0.00"),
        )
        change = BookingChange(booking_id=booking.id, at=now, status=booking.status, note=note)
        placed.append(BookingRecord(booking, session, course, history=[change]))
        with emails_checked():  # at the request's entry (TraineeIn), and in the token
            event = BookingRequestedV1(
                booking_id=booking.id,
                session=facts,
                trainee=Trainee(full_name=booking.trainee_name, email=email),
                placed_by_email=placement.email,
                placed_by_user_id=placement.user_id,
                placed_by_name=placement.name,
                placed_by_staff=placement.by_staff,
                company_id=placement.company_id,
                language=command.language,
                price=price,
                validation_due_at=due,
            )
        uow.publish(event)
    await bookings.add_placed(
        uow.session, [r.booking for r in placed], [r.history[0] for r in placed]
    )
    await uow.commit()
    # DEBUG: one per booking, a hot path; the outbox row and the access line record it.
    log.debug("booking requested", request_id=str(request_id), count=len(placed))
    return placed


async def list_bookings(
    query: ListBookings, page: PageRequest, uow: Uow
) -> tuple[list[BookingRecord], str | None]:
    """A page of the bookings placed with the caller's current login email (R-A4, R-A5;
    only their own while it is unverified), or of every booking for staff: their search."""
    history = access.history(query.caller)
    found, next_cursor = await bookings.search(uow.session, history, query, page)
    return await bookings.records(uow.session, found), next_cursor


async def pending_bookings(page: PageRequest, uow: Uow) -> tuple[list[BookingRecord], str | None]:
    """Staff's queue, the nearest deadline first (R-C2)."""
    found, next_cursor = await bookings.pending(uow.session, page)
    return await bookings.records(uow.session, found), next_cursor


async def get_booking(query: ReadBooking, uow: Uow) -> BookingRecord:
    booking = await bookings.booking(uow.session, query.booking_id, for_update=False)
    access.check_may_read(booking.placed_by_email, booking.placed_by_user_id, query.caller)
    [record] = await bookings.records(uow.session, [booking])
    return record


async def validate_booking(command: ValidateBooking, uow: Uow) -> BookingRecord:
    """Staff accept the request (R-C3); the company's agreement prices apply from now (R-B2)."""
    booking = await bookings.booking(uow.session, command.booking_id)
    booking.status = booking_status.validate(Status(booking.status))
    now = uow.clock.now()
    bookings.record_change(uow.session, booking, at=now)
    if booking.company_id is not None:
        company = await agreements.locked_company(uow.session, booking.company_id, now=now)
        if company.first_validated_at is None:
            company.first_validated_at = now  # R-B2 from now on
    [record] = await bookings.records(uow.session, [booking])
    uow.publish(
        BookingValidatedV1(
            booking_id=booking.id,
            session=catalogue.facts(record.session, record.course),
            trainee=Trainee(full_name=booking.trainee_name, email=booking.trainee_email),
            placed_by_email=booking.placed_by_email,
            placed_by_user_id=booking.placed_by_user_id,
            company_id=booking.company_id,
            language=booking.language,  # type: ignore[arg-type]
            price=booking.price,
        )
    )
    await uow.commit()
    return record


async def reject_booking(command: RejectBooking, uow: Uow) -> BookingRecord:
    """Staff refuse the request with a reason the customer reads; the seat is freed."""
    booking = await bookings.booking(uow.session, command.booking_id)
    booking.status = booking_status.reject(Status(booking.status))
    bookings.record_change(uow.session, booking, at=uow.clock.now(), note=command.reason)
    await catalogue.release_seat(uow.session, booking.session_id)
    [record] = await bookings.records(uow.session, [booking])
    uow.publish(
        BookingRejectedV1(
            booking_id=booking.id,
            session=catalogue.facts(record.session, record.course),
            placed_by_email=booking.placed_by_email,
            language=booking.language,  # type: ignore[arg-type]
            reason=command.reason,
        )
    )
    await uow.commit()
    return record
