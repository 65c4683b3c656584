"""What a caller asks of enrollment: one frozen dataclass per command, and the reads that
take more than one value. The HTTP routes build them; the handlers carry them out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from chassis.tokens import Principal
from contracts.accounts import Language
from contracts.enrollment import Trainee

# --- catalogue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddCourse:
    code: str
    title: str
    description: str
    list_price: Decimal


@dataclass(frozen=True)
class AddSession:
    course_id: UUID
    starts_at: datetime
    ends_at: datetime
    location: str
    seats: int


@dataclass(frozen=True)
class ListSessions:
    caller: Principal | None
    course_code: str | None = None
    include_past: bool = False


@dataclass(frozen=True)
class ReadSession:
    session_id: UUID
    caller: Principal | None


# --- agreements (R-B1..R-B3) -----------------------------------------------------------------


@dataclass(frozen=True)
class RecordAgreement:
    company_id: UUID
    discount_rate: Decimal | None
    course_prices: Mapping[str, Decimal]
    """Negotiated prices by course code."""
    reference: str
    recorded_by: UUID


# --- bookings (R-C1, R-A2, R-C2, R-C3) -------------------------------------------------------


@dataclass(frozen=True)
class RequestBooking:
    """A caller asks for seats in a session, for themselves, colleagues, or (staff) someone."""

    caller: Principal
    session_id: UUID
    trainees: Sequence[Trainee]
    language: Language = "fr"
    placed_by_name: str | None = None
    placed_for: Trainee | None = None
    """Customer service only: the person the booking is placed for (R-A2)."""
    company_id: UUID | None = None
    """Customer service only: the company of that person."""


@dataclass(frozen=True)
class ReadBooking:
    booking_id: UUID
    caller: Principal


@dataclass(frozen=True)
class ListBookings:
    """Bookings the caller sees (R-A4; staff: all), narrowed by the filters that are given.

    `requested_*` and `starts_*` bound the request's instant and the session's start:
    `_from` included, `_until` excluded."""

    caller: Principal
    status: str | None = None
    session_id: UUID | None = None
    company_id: UUID | None = None
    request_id: UUID | None = None
    requested_from: datetime | None = None
    requested_until: datetime | None = None
    starts_from: datetime | None = None
    starts_until: datetime | None = None


@dataclass(frozen=True)
class ListChangeRequests:
    """Change requests the caller sees: on their own bookings (R-A4), or all for staff."""

    caller: Principal
    state: Literal["open", "resolved", "all"] = "all"
    booking_id: UUID | None = None


@dataclass(frozen=True)
class ValidateBooking:
    booking_id: UUID


@dataclass(frozen=True)
class RejectBooking:
    booking_id: UUID
    reason: str


# --- change requests (R-C5) ------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitChangeRequest:
    booking_id: UUID
    caller: Principal
    kind: Literal["cancel", "move"]
    target_session_id: UUID | None
    message: str


@dataclass(frozen=True)
class ResolveChangeRequest:
    request_id: UUID
    outcome: Literal["cancelled", "moved", "declined"]
    reason: str
    target_session_id: UUID | None
    resolved_by: UUID


# --- overdue validations (R-C2) --------------------------------------------------------------


@dataclass(frozen=True)
class FlagOverdue:
    """One pass of the overdue scan: at most `batch_size` requests past their deadline."""

    batch_size: int = 100
