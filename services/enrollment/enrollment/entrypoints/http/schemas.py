"""What enrollment's API reads and answers: request bodies, and answers shaped from what
the handlers return. Instants are answered in UTC with `Z`, like every service's
(docs/API.md); the Paris wall time is the client's to show."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
)

from chassis.wire_types import InstantIn, Money, Rate
from contracts.accounts import Language
from contracts.emails import emails_checked
from contracts.enrollment import Trainee
from enrollment.adapters.bookings import BookingRecord
from enrollment.adapters.tables import ChangeRequest, Company
from enrollment.entrypoints.http.dependencies import Instant
from enrollment.handlers.agreements import AgreementVersion
from enrollment.handlers.catalogue import PricedCourse, PricedSession

Text = StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S")
"""Required text: stripped before it is checked, so a blank name is refused, not stored empty."""

# --- catalogue -------------------------------------------------------------------------------


class CourseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: Annotated[str, Text] = Field(max_length=300)
    description: str = Field(default="", max_length=5000)
    list_price: Money


class CourseOut(BaseModel):
    id: UUID
    code: str
    title: str
    description: str
    list_price: Decimal
    price: Decimal
    """What the caller pays now: the list price, or their agreement price (R-B2)."""
    agreement_price: bool

    @classmethod
    def of(cls, priced: PricedCourse) -> CourseOut:
        c = priced.course
        return cls(
            id=c.id,
            code=c.code,
            title=c.title,
            description=c.description,
            list_price=c.list_price,
            price=priced.price,
            agreement_price=priced.agreement_price,
        )


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    course_id: UUID
    starts_at: InstantIn
    ends_at: InstantIn
    location: Annotated[str, Text] = Field(max_length=300, description='An address, or "remote"')
    seats: int = Field(ge=1, le=1000)


class SessionOut(BaseModel):
    id: UUID
    course_id: UUID
    course_code: str
    course_title: str
    starts_at: Instant
    ends_at: Instant
    location: str
    seats: int
    seats_left: int
    price: Decimal
    agreement_price: bool

    @classmethod
    def of(cls, priced: PricedSession) -> SessionOut:
        s, c = priced.session, priced.course
        return cls(
            id=s.id,
            course_id=c.id,
            course_code=c.code,
            course_title=c.title,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            location=s.location,
            seats=s.seats,
            seats_left=s.seats - s.seats_taken,
            price=priced.price,
            agreement_price=priced.agreement_price,
        )


# --- companies and agreements ----------------------------------------------------------------


class AgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    discount_rate: Rate | None = Field(default=None, description="0.15 for 15 % off")
    course_prices: dict[str, Money] = Field(
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
    recorded_at: Instant
    effective_from: Instant
    """Saturday 00:00 Europe/Paris after it was recorded (R-B3), in UTC."""
    in_effect: bool

    @classmethod
    def of(cls, version: AgreementVersion) -> AgreementOut:
        t = version.terms
        return cls(
            id=t.id,
            company_id=t.company_id,
            reference=t.reference,
            discount_rate=t.discount_rate,
            course_prices=dict(version.course_prices),
            recorded_at=t.recorded_at,
            effective_from=t.effective_from,
            in_effect=version.in_effect,
        )


class CompanyOut(BaseModel):
    id: UUID
    legal_name: str
    first_validated_at: Instant | None

    @classmethod
    def of(cls, company: Company) -> CompanyOut:
        return cls(
            id=company.id,
            legal_name=company.legal_name,
            first_validated_at=company.first_validated_at,
        )


# --- change requests (R-C5) ------------------------------------------------------------------


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
    submitted_at: Instant
    submitted_by_email: str
    state: str
    outcome: str | None
    reason: str
    resolved_at: Instant | None

    @classmethod
    def of(cls, r: ChangeRequest) -> ChangeRequestOut:
        return cls(
            id=r.id,
            booking_id=r.booking_id,
            kind=r.kind,
            target_session_id=r.target_session_id,
            message=r.message,
            submitted_at=r.submitted_at,
            submitted_by_email=r.submitted_by_email,
            state=r.state,
            outcome=r.outcome,
            reason=r.reason,
            resolved_at=r.resolved_at if r.resolved_at else None,
        )


# --- bookings --------------------------------------------------------------------------------


class TraineeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full_name: Annotated[str, Text] = Field(max_length=200)
    email: EmailStr

    def trainee(self) -> Trainee:
        with emails_checked():  # just now, as this body was read
            return Trainee(full_name=self.full_name, email=self.email)


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
    at: Instant
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
    requested_at: Instant
    validation_due_at: Instant
    overdue: bool
    invoiced_total: Decimal
    history: list[HistoryOut]
    change_requests: list[ChangeRequestOut] = Field(
        description="R-C5: what was asked of this booking, oldest first"
    )

    @classmethod
    def of(cls, record: BookingRecord) -> BookingOut:
        b = record.booking
        # The session at the booking's own price, fixed when it was requested (R-B3).
        session = PricedSession(
            session=record.session, course=record.course, price=b.price, agreement_price=False
        )
        return cls(
            id=b.id,
            request_id=b.request_id,
            session=SessionOut.of(session),
            trainee_name=b.trainee_name,
            trainee_email=b.trainee_email,
            placed_by_email=b.placed_by_email,
            placed_by_name=b.placed_by_name,
            company_id=b.company_id,
            price=b.price,
            status=b.status,
            requested_at=b.requested_at,
            validation_due_at=b.validation_due_at,
            overdue=b.overdue_at is not None,
            invoiced_total=b.invoiced_total,
            history=[
                HistoryOut(at=change.at, status=change.status, note=change.note)
                for change in record.history
            ],
            change_requests=[ChangeRequestOut.of(r) for r in record.change_requests],
        )

    @classmethod
    def all_of(cls, records: Sequence[BookingRecord]) -> list[BookingOut]:
        return [cls.of(record) for record in records]


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Text] = Field(max_length=1000)
