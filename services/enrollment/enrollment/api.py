"""Enrollment's REST interface: catalogue, agreements, bookings, validation, change requests.

Who may do what:
- anyone browses the catalogue; a company's enrollment managers see their
  agreement prices there once R-B2 allows it, nobody else's;
- individuals enroll themselves, enrollment managers themselves or colleagues,
  customer service anyone by email (R-A2);
- a user sees the bookings placed with their current login email (R-A4, R-A5);
- customer service (and admins) validate, reject and resolve change requests;
  planners (and customer service, admins) manage the catalogue.
"""

from __future__ import annotations

from collections.abc import Coroutine
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
)
from sqlalchemy import func, select

from chassis.api import OptionalPrincipalDep, PrincipalDep, UnitOfWorkDep, require_roles
from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.enrollment import Trainee
from contracts.identity import Role
from enrollment import handlers
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
from enrollment.domain.local_time import in_paris as paris
from enrollment.domain.pricing import terms_in_effect
from enrollment.handlers import Conflict, Invalid, NotFound, PlaceBooking

T = TypeVar("T")
Text = StringConstraints(strip_whitespace=True, min_length=1)
"""Required text: stripped before it is checked, so a blank name is refused, not stored empty."""

router = APIRouter()

Staff = Annotated[Principal, Depends(require_roles(Role.CUSTOMER_SERVICE, Role.ADMIN))]
Planner = Annotated[
    Principal, Depends(require_roles(Role.PLANNER, Role.CUSTOMER_SERVICE, Role.ADMIN))
]
Booker = Annotated[
    Principal,
    Depends(
        require_roles(Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.CUSTOMER_SERVICE, Role.ADMIN)
    ),
]


async def refusing(call: Coroutine[Any, Any, T]) -> T:
    """Run a handler, answering its refusals with the right status and its message."""
    try:
        return await call
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    except Conflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except Invalid as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error


# --- catalogue -------------------------------------------------------------------------------


class CourseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: Annotated[str, Text] = Field(max_length=300)
    description: str = Field(default="", max_length=5000)
    list_price: Decimal = Field(ge=0, max_digits=10, decimal_places=2)


class CourseOut(BaseModel):
    id: UUID
    code: str
    title: str
    description: str
    list_price: Decimal
    price: Decimal
    """What the caller pays now: the list price, or their agreement price (R-B2)."""
    agreement_price: bool


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    course_id: UUID
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: Annotated[str, Text] = Field(max_length=300, description='An address, or "remote"')
    seats: int = Field(ge=1, le=1000)


class SessionOut(BaseModel):
    id: UUID
    course_id: UUID
    course_code: str
    course_title: str
    starts_at: datetime
    """Europe/Paris."""
    ends_at: datetime
    location: str
    seats: int
    seats_left: int
    price: Decimal
    agreement_price: bool


def _company_of(principal: Principal | None) -> UUID | None:
    if principal is None or not principal.has_any(Role.ENROLLMENT_MANAGER):
        return None
    return principal.company_id


@router.post("/courses", status_code=status.HTTP_201_CREATED, tags=["catalogue"])
async def create_course(body: CourseIn, _: Planner, uow: UnitOfWorkDep) -> CourseOut:
    course = await refusing(
        handlers.add_course(
            uow,
            code=body.code,
            title=body.title,
            description=body.description,
            list_price=body.list_price,
        )
    )
    return CourseOut(
        id=course.id,
        code=course.code,
        title=course.title,
        description=course.description,
        list_price=course.list_price,
        price=course.list_price,
        agreement_price=False,
    )


@router.get("/courses", tags=["catalogue"])
async def list_courses(caller: OptionalPrincipalDep, uow: UnitOfWorkDep) -> list[CourseOut]:
    book = await handlers.price_book(uow, _company_of(caller))
    courses = (await uow.session.scalars(select(Course).order_by(Course.code))).all()
    return [
        CourseOut(
            id=c.id,
            code=c.code,
            title=c.title,
            description=c.description,
            list_price=c.list_price,
            price=book.price(c),
            agreement_price=book.discounted and book.price(c) != c.list_price,
        )
        for c in courses
    ]


@router.post("/sessions", status_code=status.HTTP_201_CREATED, tags=["catalogue"])
async def create_session(body: SessionIn, _: Planner, uow: UnitOfWorkDep) -> SessionOut:
    created = await refusing(
        handlers.add_session(
            uow,
            course_id=body.course_id,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            location=body.location,
            seats=body.seats,
        )
    )
    [out] = await _sessions(uow, None, [PublicSession.id == created.id])
    return out


async def _sessions(
    uow: UnitOfWork, caller: Principal | None, where: list[Any]
) -> list[SessionOut]:
    book = await handlers.price_book(uow, _company_of(caller))
    rows = (
        await uow.session.execute(
            select(PublicSession, Course)
            .join(Course, Course.id == PublicSession.course_id)
            .where(*where)
            .order_by(PublicSession.starts_at)
        )
    ).all()
    return [
        SessionOut(
            id=s.id,
            course_id=c.id,
            course_code=c.code,
            course_title=c.title,
            starts_at=paris(s.starts_at),
            ends_at=paris(s.ends_at),
            location=s.location,
            seats=s.seats,
            seats_left=s.seats - s.seats_taken,
            price=book.price(c),
            agreement_price=book.discounted and book.price(c) != c.list_price,
        )
        for s, c in rows
    ]


@router.get("/sessions", tags=["catalogue"])
async def list_sessions(
    caller: OptionalPrincipalDep,
    uow: UnitOfWorkDep,
    course: Annotated[str | None, Query(description="A course code")] = None,
    include_past: bool = False,
) -> list[SessionOut]:
    where: list[Any] = []
    if course:
        where.append(Course.code == course.strip().upper())
    if not include_past:
        where.append(PublicSession.starts_at > uow.clock.now())
    return await _sessions(uow, caller, where)


@router.get("/sessions/{session_id}", tags=["catalogue"])
async def get_session(
    session_id: UUID, caller: OptionalPrincipalDep, uow: UnitOfWorkDep
) -> SessionOut:
    found = await _sessions(uow, caller, [PublicSession.id == session_id])
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no session {session_id}")
    return found[0]


# --- companies and agreements ------------------------------------------------------------------


class AgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    discount_rate: Decimal | None = Field(
        default=None, gt=0, lt=1, decimal_places=4, description="0.15 for 15 % off"
    )
    course_prices: dict[str, Decimal] = Field(
        default_factory=dict, description="Negotiated prices by course code"
    )
    reference: str = Field(default="", max_length=100)

    @field_validator("course_prices")
    @classmethod
    def _prices_are_money(cls, prices: dict[str, Decimal]) -> dict[str, Decimal]:
        for code, price in prices.items():
            if price < 0 or price.as_tuple().exponent < -2:  # type: ignore[operator]
                raise ValueError(f"the price of {code} must be a positive amount in cents")
        return prices


class AgreementOut(BaseModel):
    id: UUID
    company_id: UUID
    reference: str
    discount_rate: Decimal | None
    course_prices: dict[str, Decimal]
    recorded_at: datetime
    effective_from: datetime
    """Saturday 00:00 Europe/Paris after it was recorded (R-B3)."""
    in_effect: bool


class CompanyOut(BaseModel):
    id: UUID
    legal_name: str
    first_validated_at: datetime | None


@router.get("/companies", tags=["agreements"])
async def list_companies(_: Staff, uow: UnitOfWorkDep) -> list[CompanyOut]:
    companies = (await uow.session.scalars(select(Company).order_by(Company.legal_name))).all()
    return [
        CompanyOut(id=c.id, legal_name=c.legal_name, first_validated_at=c.first_validated_at)
        for c in companies
    ]


async def _agreement_out(uow: UnitOfWork, terms: list[AgreementTerms]) -> list[AgreementOut]:
    if not terms:
        return []
    prices = (
        await uow.session.execute(
            select(AgreementPrice.terms_id, Course.code, AgreementPrice.price)
            .join(Course, Course.id == AgreementPrice.course_id)
            .where(AgreementPrice.terms_id.in_([t.id for t in terms]))
        )
    ).all()
    versions = await handlers.agreement_versions(uow, terms[0].company_id)
    current = terms_in_effect(versions, uow.clock.now())
    return [
        AgreementOut(
            id=t.id,
            company_id=t.company_id,
            reference=t.reference,
            discount_rate=t.discount_rate,
            course_prices={code: price for tid, code, price in prices if tid == t.id},
            recorded_at=paris(t.recorded_at),
            effective_from=paris(t.effective_from),
            in_effect=current is not None
            and current.recorded_at == t.recorded_at
            and current.effective_from == t.effective_from,
        )
        for t in terms
    ]


@router.post(
    "/companies/{company_id}/agreements",
    status_code=status.HTTP_201_CREATED,
    tags=["agreements"],
    summary="Record a new version of a company's framework agreement",
)
async def record_agreement(
    company_id: UUID, body: AgreementIn, staff: Staff, uow: UnitOfWorkDep
) -> AgreementOut:
    terms = await refusing(
        handlers.record_agreement(
            uow,
            company_id=company_id,
            discount_rate=body.discount_rate,
            course_prices=body.course_prices,
            reference=body.reference,
            recorded_by=staff.user_id,
        )
    )
    [out] = await _agreement_out(uow, [terms])
    return out


@router.get("/companies/{company_id}/agreements", tags=["agreements"])
async def list_agreements(company_id: UUID, _: Staff, uow: UnitOfWorkDep) -> list[AgreementOut]:
    terms = (
        await uow.session.scalars(
            select(AgreementTerms)
            .where(AgreementTerms.company_id == company_id)
            .order_by(AgreementTerms.recorded_at)
        )
    ).all()
    return await _agreement_out(uow, list(terms))


# --- bookings ----------------------------------------------------------------------------------


class TraineeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full_name: Annotated[str, Text] = Field(max_length=200)
    email: EmailStr


class BookingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session_id: UUID
    trainees: list[TraineeIn] = Field(min_length=1, max_length=50)
    language: Language = "fr"
    placed_by_name: Annotated[str, Text] | None = Field(
        default=None,
        max_length=200,
        description="Your name; needed when none of the trainees is you",
    )
    placed_for: TraineeIn | None = Field(
        default=None,
        description="Customer service only: the person the booking is placed for (R-A2)",
    )
    company_id: UUID | None = Field(
        default=None, description="Customer service only: the company of the person"
    )


class HistoryOut(BaseModel):
    at: datetime
    status: str
    note: str


class BookingOut(BaseModel):
    id: UUID
    request_id: UUID
    session: SessionOut
    trainee_name: str
    trainee_email: str
    placed_by_email: str
    placed_by_name: str
    company_id: UUID | None
    price: Decimal
    status: str
    requested_at: datetime
    validation_due_at: datetime
    overdue: bool
    invoiced_total: Decimal
    history: list[HistoryOut]


def _booking_command(body: BookingIn, caller: Principal) -> PlaceBooking:
    trainees = [Trainee(full_name=t.full_name, email=t.email) for t in body.trainees]
    me = handlers.normalise_email(caller.email)
    if caller.has_any(Role.CUSTOMER_SERVICE, Role.ADMIN):
        if body.placed_for is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                "placed_for is required: the person customer service enrolls (R-A2)",
            )
        return PlaceBooking(
            session_id=body.session_id,
            trainees=trainees,
            placed_by_email=body.placed_for.email,
            placed_by_name=body.placed_for.full_name,
            placed_by_user_id=None,
            placed_by_staff=True,
            company_id=body.company_id,
            language=body.language,
        )
    if body.placed_for is not None or body.company_id is not None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "only customer service places bookings for someone else"
        )
    mine = [t for t in trainees if handlers.normalise_email(str(t.email)) == me]
    company_id: UUID | None = None
    if caller.has_any(Role.ENROLLMENT_MANAGER) and caller.company_id is not None:
        company_id = caller.company_id
    elif len(trainees) != 1 or not mine:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "an individual account enrolls only its holder: the one trainee must be you",
        )
    name = body.placed_by_name or (mine[0].full_name if mine else None)
    if name is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "placed_by_name is required when none of the trainees is you",
        )
    return PlaceBooking(
        session_id=body.session_id,
        trainees=trainees,
        placed_by_email=caller.email,
        placed_by_name=name,
        placed_by_user_id=caller.user_id,
        placed_by_staff=False,
        company_id=company_id,
        language=body.language,
    )


async def _bookings_out(
    uow: UnitOfWork, bookings: list[Booking], caller: Principal | None
) -> list[BookingOut]:
    if not bookings:
        return []
    sessions = {
        s.id: s
        for s in await _sessions(
            uow, None, [PublicSession.id.in_({b.session_id for b in bookings})]
        )
    }
    changes = (
        await uow.session.scalars(
            select(BookingChange)
            .where(BookingChange.booking_id.in_([b.id for b in bookings]))
            .order_by(BookingChange.id)
        )
    ).all()
    history: dict[UUID, list[HistoryOut]] = {}
    for change in changes:
        history.setdefault(change.booking_id, []).append(
            HistoryOut(at=paris(change.at), status=change.status, note=change.note)
        )
    return [
        BookingOut(
            id=b.id,
            request_id=b.request_id,
            session=sessions[b.session_id].model_copy(update={"price": b.price}),
            trainee_name=b.trainee_name,
            trainee_email=b.trainee_email,
            placed_by_email=b.placed_by_email,
            placed_by_name=b.placed_by_name,
            company_id=b.company_id,
            price=b.price,
            status=b.status,
            requested_at=paris(b.requested_at),
            validation_due_at=paris(b.validation_due_at),
            overdue=b.overdue_at is not None,
            invoiced_total=b.invoiced_total,
            history=history.get(b.id, []),
        )
        for b in bookings
    ]


_placed_first = (
    select(func.min(BookingChange.id))
    .where(BookingChange.booking_id == Booking.id)
    .correlate(Booking)
    .scalar_subquery()
)
"""Bookings requested at the same instant come in the order they were placed."""


@router.post("/bookings", status_code=status.HTTP_201_CREATED, tags=["bookings"])
async def request_booking(body: BookingIn, caller: Booker, uow: UnitOfWorkDep) -> list[BookingOut]:
    command = _booking_command(body, caller)
    bookings = await refusing(handlers.place_booking(command, uow))
    return await _bookings_out(uow, bookings, caller)


@router.get("/bookings", tags=["bookings"], summary="The bookings placed with my login email")
async def my_bookings(caller: PrincipalDep, uow: UnitOfWorkDep) -> list[BookingOut]:
    bookings = (
        await uow.session.scalars(
            select(Booking)
            .where(Booking.placed_by_email == handlers.normalise_email(caller.email))
            .order_by(Booking.requested_at, _placed_first)
        )
    ).all()
    return await _bookings_out(uow, list(bookings), caller)


@router.get("/bookings/pending", tags=["validation"], summary="Staff's queue, by deadline")
async def pending_bookings(_: Staff, uow: UnitOfWorkDep) -> list[BookingOut]:
    bookings = (
        await uow.session.scalars(
            select(Booking)
            .where(Booking.status == "pending_validation")
            .order_by(Booking.validation_due_at, _placed_first)
        )
    ).all()
    return await _bookings_out(uow, list(bookings), None)


def _may_read(booking: Booking, caller: Principal) -> bool:
    return caller.has_any(Role.CUSTOMER_SERVICE, Role.ADMIN) or booking.placed_by_email == (
        handlers.normalise_email(caller.email)
    )


async def _readable(booking_id: UUID, caller: Principal, uow: UnitOfWork) -> Booking:
    booking = await uow.session.get(Booking, booking_id)
    if booking is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no booking {booking_id}")
    if not _may_read(booking, caller):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this booking was placed by someone else")
    return booking  # type: ignore[no-any-return]


@router.get("/bookings/{booking_id}", tags=["bookings"])
async def get_booking(booking_id: UUID, caller: PrincipalDep, uow: UnitOfWorkDep) -> BookingOut:
    booking = await _readable(booking_id, caller, uow)
    [out] = await _bookings_out(uow, [booking], caller)
    return out


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Text] = Field(max_length=1000)


async def _one(uow: UnitOfWork, booking_id: UUID) -> BookingOut:
    booking = await uow.session.get(Booking, booking_id, populate_existing=True)
    [out] = await _bookings_out(uow, [booking], None)
    return out


@router.post("/bookings/{booking_id}/validate", tags=["validation"])
async def validate_booking(booking_id: UUID, _: Staff, uow: UnitOfWorkDep) -> BookingOut:
    await refusing(handlers.validate_booking(uow, booking_id))
    return await _one(uow, booking_id)


@router.post("/bookings/{booking_id}/reject", tags=["validation"])
async def reject_booking(
    booking_id: UUID, body: Reason, _: Staff, uow: UnitOfWorkDep
) -> BookingOut:
    await refusing(handlers.reject_booking(uow, booking_id, body.reason))
    return await _one(uow, booking_id)


# --- change requests (R-C5) --------------------------------------------------------------------


class ChangeRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["cancel", "move"]
    target_session_id: UUID | None = None
    message: Annotated[str, Text] = Field(max_length=2000)


class ResolutionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["cancelled", "moved", "declined"]
    reason: str = Field(default="", max_length=1000)
    target_session_id: UUID | None = None


class ChangeRequestOut(BaseModel):
    id: UUID
    booking_id: UUID
    kind: str
    target_session_id: UUID | None
    message: str
    submitted_at: datetime
    submitted_by_email: str
    state: str
    outcome: str | None
    reason: str
    resolved_at: datetime | None


def _request_out(r: ChangeRequest) -> ChangeRequestOut:
    return ChangeRequestOut(
        id=r.id,
        booking_id=r.booking_id,
        kind=r.kind,
        target_session_id=r.target_session_id,
        message=r.message,
        submitted_at=paris(r.submitted_at),
        submitted_by_email=r.submitted_by_email,
        state=r.state,
        outcome=r.outcome,
        reason=r.reason,
        resolved_at=paris(r.resolved_at) if r.resolved_at else None,
    )


@router.post(
    "/bookings/{booking_id}/change-requests",
    status_code=status.HTTP_201_CREATED,
    tags=["change requests"],
)
async def submit_change_request(
    booking_id: UUID, body: ChangeRequestIn, caller: PrincipalDep, uow: UnitOfWorkDep
) -> ChangeRequestOut:
    await _readable(booking_id, caller, uow)
    request = await refusing(
        handlers.submit_change_request(
            uow,
            booking_id=booking_id,
            kind=body.kind,
            target_session_id=body.target_session_id,
            message=body.message,
            submitted_by_email=caller.email,
        )
    )
    return _request_out(request)


@router.get("/change-requests", tags=["change requests"])
async def list_change_requests(
    _: Staff,
    uow: UnitOfWorkDep,
    state: Literal["open", "resolved", "all"] = "open",
) -> list[ChangeRequestOut]:
    query = select(ChangeRequest).order_by(ChangeRequest.submitted_at)
    if state != "all":
        query = query.where(ChangeRequest.state == state)
    return [_request_out(r) for r in (await uow.session.scalars(query)).all()]


@router.post("/change-requests/{request_id}/resolve", tags=["change requests"])
async def resolve_change_request(
    request_id: UUID, body: ResolutionIn, staff: Staff, uow: UnitOfWorkDep
) -> ChangeRequestOut:
    request = await refusing(
        handlers.resolve_change_request(
            uow,
            request_id=request_id,
            outcome=body.outcome,
            reason=body.reason,
            target_session_id=body.target_session_id,
            resolved_by=staff.user_id,
        )
    )
    return _request_out(request)
