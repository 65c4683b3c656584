"""What enrollment does: each function is one command or one event, inside a unit of work.

The functions take plain values and a `UnitOfWork`, change the database,
stage the events the change causes and commit both together. They raise the
refusals below with a message meant for the person who asked; the API turns
them into 404, 409 and 422 answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID, uuid4

import structlog
from sqlalchemy import select, update

from chassis.consumers import Undeliverable
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import CompanyRegisteredV1, Language
from contracts.billing import InvoiceIssuedV1
from contracts.enrollment import (
    BookingCancelledV1,
    BookingRejectedV1,
    BookingRequestedV1,
    BookingValidatedV1,
    ChangeRequestResolvedV1,
    SessionFacts,
    Trainee,
)
from enrollment.adapters.tables import (
    AgreementPrice,
    AgreementTerms,
    Booking,
    BookingChange,
    ChangeRequest,
    Company,
    Course,
    PublicSession,
)
from enrollment.domain import pricing
from enrollment.domain import status as booking_status
from enrollment.domain.business_hours import add_business_hours
from enrollment.domain.status import Status, TransitionRefused
from enrollment.settings import EnrollmentSettings

log = structlog.get_logger("enrollment")


class NotFound(LookupError):
    """404: the thing does not exist, or the caller may not know it does."""


class Conflict(Exception):
    """409: the request is sound but the current state refuses it (no seat left, ...)."""


class Invalid(ValueError):
    """422: the request itself is wrong in a way the schema cannot express."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


# --- catalogue -------------------------------------------------------------------------------


async def add_course(
    uow: UnitOfWork, *, code: str, title: str, description: str, list_price: Decimal
) -> Course:
    code = code.strip().upper()
    taken = await uow.session.scalar(select(Course.id).where(Course.code == code))
    if taken is not None:
        raise Conflict(f"a course with code {code!r} already exists")
    course = Course(
        id=uuid4(),
        code=code,
        title=title.strip(),
        description=description,
        list_price=pricing.money(list_price),
        created_at=uow.clock.now(),
    )
    uow.session.add(course)
    await uow.commit()
    return course


async def add_session(
    uow: UnitOfWork,
    *,
    course_id: UUID,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    seats: int,
) -> PublicSession:
    if await uow.session.get(Course, course_id) is None:
        raise NotFound(f"no course {course_id}")
    if ends_at <= starts_at:
        raise Invalid("ends_at must be after starts_at")
    if starts_at <= uow.clock.now():
        raise Invalid("starts_at must be in the future")
    session = PublicSession(
        id=uuid4(),
        course_id=course_id,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        seats=seats,
        seats_taken=0,
        created_at=uow.clock.now(),
    )
    uow.session.add(session)
    await uow.commit()
    return session


async def session_facts(uow: UnitOfWork, session_id: UUID) -> SessionFacts:
    row = (
        await uow.session.execute(
            select(PublicSession, Course)
            .join(Course, Course.id == PublicSession.course_id)
            .where(PublicSession.id == session_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"no session {session_id}")
    session, course = row
    return SessionFacts(
        session_id=session.id,
        course_code=course.code,
        course_title=course.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
    )


# --- companies and agreements (R-B1..R-B3) -----------------------------------------------------


async def remember_company(event: CompanyRegisteredV1, uow: UnitOfWork) -> None:
    """Consumer of accounts.company.registered.v1: staff may now record its agreement.

    Consumers do not commit: the chassis commits their effects with the inbox row.
    """
    company = await uow.session.get(Company, event.company_id)
    if company is None:
        uow.session.add(
            Company(
                id=event.company_id,
                legal_name=event.legal_name,
                registered_at=uow.clock.now(),
            )
        )
    else:
        company.legal_name = event.legal_name


async def _company(uow: UnitOfWork, company_id: UUID, *, for_update: bool = False) -> Company:
    query = select(Company).where(Company.id == company_id)
    if for_update:
        query = query.with_for_update()
    company = await uow.session.scalar(query)
    if company is None:
        raise NotFound(f"no company {company_id} (is its account registered?)")
    return company


async def record_agreement(
    uow: UnitOfWork,
    *,
    company_id: UUID,
    discount_rate: Decimal | None,
    course_prices: dict[str, Decimal],
    reference: str,
    recorded_by: UUID,
) -> AgreementTerms:
    """A new version of the company's agreement, effective at the next cut-off (R-B3)."""
    await _company(uow, company_id)
    if discount_rate is None and not course_prices:
        raise Invalid("an agreement needs a discount_rate, course_prices, or both")
    codes = {code.strip().upper(): price for code, price in course_prices.items()}
    courses = {
        c.code: c
        for c in (await uow.session.scalars(select(Course).where(Course.code.in_(codes)))).all()
    }
    unknown = sorted(set(codes) - set(courses))
    if unknown:
        raise Invalid(f"course_prices names unknown courses: {', '.join(unknown)}")
    now = uow.clock.now()
    terms = AgreementTerms(
        id=uuid4(),
        company_id=company_id,
        recorded_at=now,
        effective_from=pricing.next_cutoff(now),
        discount_rate=discount_rate,
        reference=reference,
        recorded_by=recorded_by,
    )
    uow.session.add(terms)
    await uow.session.flush()
    for code, price in codes.items():
        uow.session.add(
            AgreementPrice(
                terms_id=terms.id, course_id=courses[code].id, price=pricing.money(price)
            )
        )
    await uow.commit()
    return terms


async def agreement_versions(uow: UnitOfWork, company_id: UUID) -> list[pricing.Terms]:
    versions = (
        await uow.session.scalars(
            select(AgreementTerms).where(AgreementTerms.company_id == company_id)
        )
    ).all()
    if not versions:
        return []
    prices = (
        await uow.session.scalars(
            select(AgreementPrice).where(AgreementPrice.terms_id.in_([v.id for v in versions]))
        )
    ).all()
    by_terms: dict[UUID, dict[UUID, Decimal]] = {}
    for price in prices:
        by_terms.setdefault(price.terms_id, {})[price.course_id] = price.price
    return [
        pricing.Terms(
            recorded_at=v.recorded_at,
            effective_from=v.effective_from,
            discount_rate=v.discount_rate,
            course_prices=by_terms.get(v.id, {}),
        )
        for v in versions
    ]


@dataclass(frozen=True)
class PriceBook:
    """The prices one company (or nobody in particular) pays right now."""

    terms: pricing.Terms | None
    first_validated: bool

    def price(self, course: Course) -> Decimal:
        return pricing.price_for(
            course.id, course.list_price, terms=self.terms, first_validated=self.first_validated
        )

    @property
    def discounted(self) -> bool:
        return self.terms is not None and self.first_validated


async def price_book(uow: UnitOfWork, company_id: UUID | None) -> PriceBook:
    if company_id is None:
        return PriceBook(terms=None, first_validated=False)
    company = await uow.session.get(Company, company_id)
    if company is None:
        return PriceBook(terms=None, first_validated=False)
    terms = pricing.terms_in_effect(await agreement_versions(uow, company_id), uow.clock.now())
    return PriceBook(terms=terms, first_validated=company.first_validated_at is not None)


# --- booking requests (R-C1, R-A2) -------------------------------------------------------------


@dataclass(frozen=True)
class PlaceBooking:
    session_id: UUID
    trainees: Sequence[Trainee]
    placed_by_email: str
    placed_by_name: str
    placed_by_user_id: UUID | None
    placed_by_staff: bool
    company_id: UUID | None
    language: Language


async def _take_seats(uow: UnitOfWork, session_id: UUID, count: int) -> None:
    """Atomically take `count` seats, or none: the row update re-checks under its lock."""
    taken = await uow.session.execute(
        update(PublicSession)
        .where(
            PublicSession.id == session_id,
            PublicSession.seats_taken + count <= PublicSession.seats,
        )
        .values(seats_taken=PublicSession.seats_taken + count)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        session = await uow.session.get(PublicSession, session_id, populate_existing=True)
        if session is None:
            raise NotFound(f"no session {session_id}")
        left = session.seats - session.seats_taken
        raise Conflict(f"not enough seats left in this session: {count} asked, {left} left")


async def _release_seat(uow: UnitOfWork, session_id: UUID) -> None:
    await uow.session.execute(
        update(PublicSession)
        .where(PublicSession.id == session_id, PublicSession.seats_taken > 0)
        .values(seats_taken=PublicSession.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def _history(uow: UnitOfWork, booking: Booking, note: str = "") -> None:
    uow.session.add(
        BookingChange(booking_id=booking.id, at=uow.clock.now(), status=booking.status, note=note)
    )


async def place_booking(command: PlaceBooking, uow: UnitOfWork) -> list[Booking]:
    """One booking per trainee, at the price in effect now, all seats taken or none."""
    facts = await session_facts(uow, command.session_id)
    now = uow.clock.now()
    if facts.starts_at <= now:
        raise Conflict("this session has already started")
    emails = [normalise_email(t.email) for t in command.trainees]
    if len(set(emails)) != len(emails):
        raise Invalid("each trainee may appear only once in a request")
    await _take_seats(uow, command.session_id, len(command.trainees))
    course = await uow.session.scalar(select(Course).where(Course.code == facts.course_code))
    if course is None:  # session_facts found it joined to its session: cannot happen
        raise NotFound(f"no course {facts.course_code}")
    price = (await price_book(uow, command.company_id)).price(course)
    settings = uow.settings
    hours = settings.validation_business_hours if isinstance(settings, EnrollmentSettings) else 24.0
    due = add_business_hours(now, hours)
    request_id = uuid4()
    bookings = []
    for trainee, email in zip(command.trainees, emails, strict=True):
        booking = Booking(
            id=uuid4(),
            request_id=request_id,
            session_id=command.session_id,
            trainee_name=trainee.full_name.strip(),
            trainee_email=email,
            placed_by_email=normalise_email(command.placed_by_email),
            placed_by_user_id=command.placed_by_user_id,
            placed_by_name=command.placed_by_name.strip(),
            placed_by_staff=command.placed_by_staff,
            company_id=command.company_id,
            language=command.language,
            price=price,
            status=Status.PENDING_VALIDATION,
            requested_at=now,
            validation_due_at=due,
            invoiced_total=Decimal("0.00"),
        )
        uow.session.add(booking)
        _history(uow, booking, "placed by customer service" if command.placed_by_staff else "")
        uow.publish(
            BookingRequestedV1(
                booking_id=booking.id,
                session=facts,
                trainee=Trainee(full_name=booking.trainee_name, email=email),
                placed_by_email=booking.placed_by_email,
                placed_by_user_id=command.placed_by_user_id,
                placed_by_name=booking.placed_by_name,
                placed_by_staff=command.placed_by_staff,
                company_id=command.company_id,
                language=command.language,
                price=price,
                validation_due_at=due,
            )
        )
        bookings.append(booking)
    await uow.commit()
    # DEBUG: one per booking, a hot path; the outbox row and the access line record it.
    log.debug("booking requested", request_id=str(request_id), count=len(bookings))
    return bookings


async def _booking(uow: UnitOfWork, booking_id: UUID, *, for_update: bool = True) -> Booking:
    query = select(Booking).where(Booking.id == booking_id)
    if for_update:
        query = query.with_for_update()
    booking = await uow.session.scalar(query)
    if booking is None:
        raise NotFound(f"no booking {booking_id}")
    return booking


def _transition(booking: Booking, move: object) -> Status:
    try:
        return move(Status(booking.status))  # type: ignore[operator,no-any-return]
    except TransitionRefused as error:
        raise Conflict(str(error)) from error


# --- validation (R-C2, R-C3) -------------------------------------------------------------------


async def validate_booking(uow: UnitOfWork, booking_id: UUID) -> Booking:
    booking = await _booking(uow, booking_id)
    booking.status = _transition(booking, booking_status.validate)
    _history(uow, booking)
    if booking.company_id is not None:
        company = await uow.session.scalar(
            select(Company).where(Company.id == booking.company_id).with_for_update()
        )
        if company is None:  # the company's own event is still on its way
            company = Company(id=booking.company_id, legal_name="", registered_at=uow.clock.now())
            uow.session.add(company)
        if company.first_validated_at is None:
            company.first_validated_at = uow.clock.now()  # R-B2 from now on
    facts = await session_facts(uow, booking.session_id)
    uow.publish(
        BookingValidatedV1(
            booking_id=booking.id,
            session=facts,
            trainee=Trainee(full_name=booking.trainee_name, email=booking.trainee_email),
            placed_by_email=booking.placed_by_email,
            placed_by_user_id=booking.placed_by_user_id,
            company_id=booking.company_id,
            language=booking.language,  # type: ignore[arg-type]
            price=booking.price,
        )
    )
    await uow.commit()
    return booking


async def reject_booking(uow: UnitOfWork, booking_id: UUID, reason: str) -> Booking:
    booking = await _booking(uow, booking_id)
    booking.status = _transition(booking, booking_status.reject)
    _history(uow, booking, reason)
    await _release_seat(uow, booking.session_id)
    uow.publish(
        BookingRejectedV1(
            booking_id=booking.id,
            session=await session_facts(uow, booking.session_id),
            placed_by_email=booking.placed_by_email,
            language=booking.language,  # type: ignore[arg-type]
            reason=reason,
        )
    )
    await uow.commit()
    return booking


# --- invoice states (R-C4) ---------------------------------------------------------------------


async def follow_invoice(event: InvoiceIssuedV1, uow: UnitOfWork) -> None:
    """Consumer of billing.invoice.issued.v1: partly invoiced, then invoiced.

    Invoices only add up, so an older event delivered late (a lower total)
    changes nothing.
    """
    if event.kind != "public_booking":
        return
    booking = await uow.session.scalar(
        select(Booking).where(Booking.id == event.reference_id).with_for_update()
    )
    if booking is None:
        # Billing invoices only bookings enrollment validated: this one cannot be applied,
        # and acking it would lose the order status silently. Dead-letter it, visibly.
        raise Undeliverable(
            f"invoice {event.number} is for booking {event.reference_id}, unknown to enrollment"
        )
    if event.invoiced_total <= booking.invoiced_total:
        return
    booking.invoiced_total = event.invoiced_total
    new = booking_status.after_invoice(Status(booking.status), event.invoiced_total, booking.price)
    if new != booking.status:
        booking.status = new
        _history(uow, booking, f"invoice {event.number}: {event.invoiced_total} of {booking.price}")


# --- change requests (R-C5) --------------------------------------------------------------------


async def submit_change_request(
    uow: UnitOfWork,
    *,
    booking_id: UUID,
    kind: Literal["cancel", "move"],
    target_session_id: UUID | None,
    message: str,
    submitted_by_email: str,
) -> ChangeRequest:
    booking = await _booking(uow, booking_id)
    if not booking_status.can_change(Status(booking.status)):
        raise Conflict(f"a {booking.status} booking cannot be changed any more")
    open_one = await uow.session.scalar(
        select(ChangeRequest.id).where(
            ChangeRequest.booking_id == booking_id, ChangeRequest.state == "open"
        )
    )
    if open_one is not None:
        raise Conflict("this booking already has an open change request")
    if kind == "move":
        if target_session_id is None:
            raise Invalid("target_session_id is required to move a booking")
        if target_session_id == booking.session_id:
            raise Invalid("target_session_id is the booking's current session")
        await _same_course(uow, booking.session_id, target_session_id)
    elif target_session_id is not None:
        raise Invalid("target_session_id is only for a move")
    request = ChangeRequest(
        id=uuid4(),
        booking_id=booking_id,
        kind=kind,
        target_session_id=target_session_id,
        message=message,
        submitted_at=uow.clock.now(),
        submitted_by_email=normalise_email(submitted_by_email),
        state="open",
        reason="",
    )
    uow.session.add(request)
    _history(uow, booking, f"change request: {kind}")
    await uow.commit()
    return request


async def _same_course(uow: UnitOfWork, current: UUID, target: UUID) -> PublicSession:
    sessions = {
        s.id: s
        for s in (
            await uow.session.scalars(
                select(PublicSession).where(PublicSession.id.in_([current, target]))
            )
        ).all()
    }
    if target not in sessions:
        raise NotFound(f"no session {target}")
    if sessions[target].course_id != sessions[current].course_id:
        raise Invalid("a booking can only move to another session of the same course")
    if sessions[target].starts_at <= uow.clock.now():
        raise Conflict("the target session has already started")
    return sessions[target]


async def resolve_change_request(
    uow: UnitOfWork,
    *,
    request_id: UUID,
    outcome: Literal["cancelled", "moved", "declined"],
    reason: str,
    target_session_id: UUID | None,
    resolved_by: UUID,
) -> ChangeRequest:
    request = await uow.session.scalar(
        select(ChangeRequest).where(ChangeRequest.id == request_id).with_for_update()
    )
    if request is None:
        raise NotFound(f"no change request {request_id}")
    if request.state != "open":
        raise Conflict(f"this change request was already resolved ({request.outcome})")
    booking = await _booking(uow, request.booking_id)
    if outcome == "declined" and not reason.strip():
        raise Invalid("a declined request needs a reason the customer will read")
    if outcome == "cancelled":
        booking.status = _transition(booking, booking_status.cancel)
        _history(uow, booking, reason or "cancelled at the customer's request")
        await _release_seat(uow, booking.session_id)
        uow.publish(
            BookingCancelledV1(
                booking_id=booking.id,
                session=await session_facts(uow, booking.session_id),
                placed_by_email=booking.placed_by_email,
                language=booking.language,  # type: ignore[arg-type]
                reason=reason,
            )
        )
    elif outcome == "moved":
        if not booking_status.can_change(Status(booking.status)):
            raise Conflict(f"a {booking.status} booking cannot be moved")
        target = target_session_id or request.target_session_id
        if target is None:
            raise Invalid("target_session_id is required to move a booking")
        if target == booking.session_id:
            raise Invalid("target_session_id is the booking's current session")
        await _same_course(uow, booking.session_id, target)
        await _take_seats(uow, target, 1)
        await _release_seat(uow, booking.session_id)
        booking.session_id = target
        _history(uow, booking, reason or "moved to another session")
    else:
        _history(uow, booking, f"change request declined: {reason}")
    request.state = "resolved"
    request.outcome = outcome
    request.reason = reason
    request.resolved_at = uow.clock.now()
    request.resolved_by = resolved_by
    uow.publish(
        ChangeRequestResolvedV1(
            change_request_id=request.id,
            booking_id=booking.id,
            outcome=outcome,
            reason=reason,
            placed_by_email=booking.placed_by_email,
            language=booking.language,  # type: ignore[arg-type]
            session=await session_facts(uow, booking.session_id),
        )
    )
    await uow.commit()
    return request
