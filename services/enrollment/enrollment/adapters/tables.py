"""The enrollment database: catalogue, companies, agreements, bookings and their history,
beside the chassis's delivery tables (outbox and inbox).

Money is `Numeric(12, 2)` (exact `Decimal` EUR), rates `Numeric(5, 4)`;
instants are UTC (`UTCDateTime`) and shown in Europe/Paris by the API.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import BigIntId, UTCDateTime
from chassis.tables import delivery_tables

metadata = MetaData()
delivery = delivery_tables(metadata)

MONEY = Numeric(12, 2)
RATE = Numeric(5, 4)


class Base(DeclarativeBase):
    metadata = metadata


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    list_price: Mapped[Decimal] = mapped_column(MONEY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PublicSession(Base):
    """A dated public session of a course. `seats_taken` never exceeds `seats` (check)."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0 AND seats_taken <= seats", name="seats_within_capacity"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    course_id: Mapped[UUID] = mapped_column(ForeignKey("courses.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    location: Mapped[str] = mapped_column(String(300))
    """An address, or "remote"."""
    seats: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Company(Base):
    """What enrollment knows of a company account, from accounts' events."""

    __tablename__ = "companies"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    """When staff first validated one of its enrollments: R-B2 shows agreement prices after."""


class AgreementTerms(Base):
    """One version of a company's framework agreement (R-B1); effective at a cut-off (R-B3)."""

    __tablename__ = "agreement_terms"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    company_id: Mapped[UUID] = mapped_column(ForeignKey("companies.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime())
    discount_rate: Mapped[Decimal | None] = mapped_column(RATE, nullable=True)
    reference: Mapped[str] = mapped_column(String(100), default="")
    recorded_by: Mapped[UUID] = mapped_column(Uuid)


class AgreementPrice(Base):
    __tablename__ = "agreement_prices"
    __table_args__ = (UniqueConstraint("terms_id", "course_id", name="uq_agreement_prices"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    terms_id: Mapped[UUID] = mapped_column(ForeignKey("agreement_terms.id"), index=True)
    course_id: Mapped[UUID] = mapped_column(ForeignKey("courses.id"))
    price: Mapped[Decimal] = mapped_column(MONEY)


class Booking(Base):
    """One trainee's seat in one session, requested by someone (R-C1)."""

    __tablename__ = "bookings"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    """Bookings placed together (a manager enrolling several colleagues) share it."""
    session_id: Mapped[UUID] = mapped_column(ForeignKey("sessions.id"), index=True)
    trainee_name: Mapped[str] = mapped_column(String(200))
    trainee_email: Mapped[str] = mapped_column(String(320))
    placed_by_email: Mapped[str] = mapped_column(String(320), index=True)
    """The login email it was placed with, normalised: the history's key (R-A4, R-A5)."""
    placed_by_user_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    placed_by_name: Mapped[str] = mapped_column(String(200))
    placed_by_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    company_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(2))
    price: Mapped[Decimal] = mapped_column(MONEY)
    """Fixed when requested (R-B3)."""
    status: Mapped[str] = mapped_column(String(30), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    validation_due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    """Set once, when the deadline passed with the request still pending (R-C2)."""
    invoiced_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))


class BookingChange(Base):
    """The dated history of a booking (R-A4): one row per status change or move."""

    __tablename__ = "booking_history"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    booking_id: Mapped[UUID] = mapped_column(ForeignKey("bookings.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(1000), default="")


class ChangeRequest(Base):
    """A customer's request to cancel or move a booking (R-C5), resolved by customer service."""

    __tablename__ = "change_requests"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    booking_id: Mapped[UUID] = mapped_column(ForeignKey("bookings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    """"cancel" or "move"."""
    target_session_id: Mapped[UUID | None] = mapped_column(ForeignKey("sessions.id"), nullable=True)
    message: Mapped[str] = mapped_column(String(2000))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by_email: Mapped[str] = mapped_column(String(320))
    state: Mapped[str] = mapped_column(String(10), index=True)
    """"open" or "resolved"."""
    outcome: Mapped[str | None] = mapped_column(String(10), nullable=True)
    reason: Mapped[str] = mapped_column(String(1000), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_by: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
