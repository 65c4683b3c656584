"""Events published by the enrollment service (public sessions, R-B and R-C rules)."""

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.accounts import Language
from contracts.emails import Email
from contracts.envelope import Event

Money = Decimal
"""Exact EUR amounts; serialised as strings in JSON ("375.00")."""


class SessionFacts(BaseModel):
    """What a message about a public session needs to say (and put in a calendar file)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_id: UUID
    course_code: str = Field(max_length=40)
    course_title: str = Field(max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: str = Field(max_length=300)
    """An address, or "remote"."""


class Trainee(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    full_name: str = Field(min_length=1, max_length=200)
    email: Email


class BookingRequestedV1(Event):
    """A booking request was placed (R-C1), online or by staff on someone's behalf (R-A2)."""

    name = "enrollment.booking.requested.v1"

    booking_id: UUID
    session: SessionFacts
    trainee: Trainee
    placed_by_email: Email
    """The login email the request is linked to (R-A4)."""
    placed_by_user_id: UUID | None
    """None when staff placed it for a person who may have no account yet (R-A2)."""
    placed_by_name: str = Field(min_length=1, max_length=200)
    placed_by_staff: bool
    company_id: UUID | None
    language: Language = "fr"
    price: Money = Field(ge=0, decimal_places=2)
    validation_due_at: datetime


class BookingValidatedV1(Event):
    """Staff validated a booking request (R-C2): the customer is told (R-C3), billing may bill."""

    name = "enrollment.booking.validated.v1"

    booking_id: UUID
    session: SessionFacts
    trainee: Trainee
    placed_by_email: Email
    placed_by_user_id: UUID | None
    company_id: UUID | None
    language: Language = "fr"
    price: Money = Field(ge=0, decimal_places=2)


class BookingRejectedV1(Event):
    name = "enrollment.booking.rejected.v1"

    booking_id: UUID
    session: SessionFacts
    placed_by_email: Email
    language: Language = "fr"
    reason: str = Field(min_length=1, max_length=1000)


class BookingCancelledV1(Event):
    """A booking was cancelled by customer service (R-C5); billing credits what was invoiced."""

    name = "enrollment.booking.cancelled.v1"

    booking_id: UUID
    session: SessionFacts
    placed_by_email: Email
    language: Language = "fr"
    reason: str = Field(max_length=1000)


class ChangeRequestResolvedV1(Event):
    """Customer service resolved a cancel-or-move request (R-C5); the customer is told."""

    name = "enrollment.change-request.resolved.v1"

    change_request_id: UUID
    booking_id: UUID
    outcome: Literal["cancelled", "moved", "declined"]
    reason: str = Field(max_length=1000)
    placed_by_email: Email
    language: Language = "fr"
    session: SessionFacts
    """The booking's session after the outcome (the new one when moved)."""


class ValidationOverdueV1(Event):
    """A booking request is still pending at its 24-business-hour deadline (R-C2)."""

    name = "enrollment.validation.overdue.v1"

    booking_id: UUID
    session: SessionFacts
    requested_at: AwareDatetime
    due_at: AwareDatetime
