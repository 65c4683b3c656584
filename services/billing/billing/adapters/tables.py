"""The billing database: billables, invoices with their lines, credit notes, number counters.

An issued invoice or credit note is never updated: there is no code path that
changes one, and a correction is a credit note. Money is `Numeric(12, 2)`
(exact `Decimal` EUR); instants are UTC (`UTCDateTime`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis.db import BigIntId, UTCDateTime
from chassis.tables import delivery_tables

metadata = MetaData()
delivery = delivery_tables(metadata)

MONEY = Numeric(12, 2)
RATE = Numeric(5, 4)


class Base(DeclarativeBase):
    metadata = metadata


class Billable(Base):
    """Something that may be invoiced: a validated booking, or an in-company fee.

    Recorded once per fact, under its unique `billable_key`: a redelivered event
    is harmless even if it came with a new event id. A group may owe two fees
    (the flat 375.00 and a shortfall, `domain/fees.py`), so the key, not the
    (kind, reference), is what is unique.
    """

    __tablename__ = "billables"
    __table_args__ = (UniqueConstraint("billable_key", name="uq_billables_billable_key"),)

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    billable_key: Mapped[str] = mapped_column(String(100))
    """"booking:<booking id>", or an in-company fee's "group:<group id>:flat-fee" (late
    cancellation or missing list, one per group) or "group:<group id>:shortfall"."""
    kind: Mapped[str] = mapped_column(String(30))
    """"public_booking" or "incompany_fee" (`contracts.billing.BillableKind`)."""
    reference_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    """The booking, or the in-company group the fee is for."""
    price: Mapped[Decimal] = mapped_column(MONEY)
    """VAT-inclusive: what the customer pays in all (see `domain/amounts.py`)."""
    description: Mapped[str] = mapped_column(String(500))
    """What an invoice line says, e.g. the course, session date and trainee."""
    payer_name: Mapped[str] = mapped_column(String(200))
    payer_email: Mapped[str] = mapped_column(String(320))
    payer_company_id: Mapped[UUID | None] = mapped_column(Uuid)
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """Set when the booking is cancelled: nothing more may be invoiced."""
    # What is billed, as its event told (issue 15): printed as the invoice's line.
    # None on billables recorded before billing kept them.
    course_code: Mapped[str | None] = mapped_column(String(40))
    course_title: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    time_zone: Mapped[str | None] = mapped_column(String(40))
    participant_name: Mapped[str | None] = mapped_column(String(200))
    """A public booking's trainee."""
    group_reference: Mapped[str | None] = mapped_column(String(40))
    """An in-company fee's group, e.g. "IC2027-0003-01"."""


class EarlyCancellation(Base):
    """A cancellation that reached billing before the billable it cancels.

    Validation and cancellation come through two queues, so their order is not
    guaranteed: the billable, when it is recorded, is recorded cancelled.
    """

    __tablename__ = "early_cancellations"

    billable_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    cancelled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(1000))


class Invoice(Base):
    """An issued invoice: number, payer, lines and totals, frozen at issue."""

    __tablename__ = "invoices"
    __table_args__ = (
        # what the announcer looks for (`handlers/invoicing.py`): the few not announced yet
        Index(
            "ix_invoices_unannounced",
            "issued_at",
            postgresql_where=text("announced_at IS NULL"),
            sqlite_where=text("announced_at IS NULL"),
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    billable_id: Mapped[UUID] = mapped_column(ForeignKey("billables.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    reference_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    payer_name: Mapped[str] = mapped_column(String(200))
    payer_email: Mapped[str] = mapped_column(String(320), index=True)
    """Lower-case, so the payer's login email finds it whatever its case."""
    payer_company_id: Mapped[UUID | None] = mapped_column(Uuid, index=True)
    language: Mapped[str] = mapped_column(String(2))
    vat_rate: Mapped[Decimal] = mapped_column(RATE)
    net_amount: Mapped[Decimal] = mapped_column(MONEY)
    vat_amount: Mapped[Decimal] = mapped_column(MONEY)
    total_amount: Mapped[Decimal] = mapped_column(MONEY)
    """VAT-inclusive; net + VAT."""
    due_on: Mapped[date | None] = mapped_column(Date)
    """Issue date (Europe/Paris) plus the payment terms; None on invoices issued before."""
    # The company billed, as accounts registered it, copied at issue (None: a person,
    # or a company billing had not heard of).
    buyer_company_name: Mapped[str | None] = mapped_column(String(200))
    buyer_vat_number: Mapped[str | None] = mapped_column(String(20))
    buyer_registration_number: Mapped[str | None] = mapped_column(String(40))
    buyer_country: Mapped[str | None] = mapped_column(String(2))
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When its PDF was rendered and `InvoiceIssuedV2` staged, in the transaction after
    the one that numbered it (`handlers/invoicing.py`); None until then."""

    lines: Mapped[list[InvoiceLine]] = relationship(
        lazy="selectin", order_by="InvoiceLine.position"
    )


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        UniqueConstraint("invoice_id", "position", name="uq_invoice_lines_invoice_id_position"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoices.id"))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    """VAT-inclusive."""


class CreditNote(Base):
    """A credit note cancelling one invoice in full (e.g. a cancelled booking, R-C5).

    At most one per invoice (unique invoice_id): a redelivered cancellation can
    never credit the same invoice twice.
    """

    __tablename__ = "credit_notes"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoices.id"), unique=True)
    billable_id: Mapped[UUID] = mapped_column(ForeignKey("billables.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    reference_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(1000))
    payer_name: Mapped[str] = mapped_column(String(200))
    payer_email: Mapped[str] = mapped_column(String(320), index=True)
    payer_company_id: Mapped[UUID | None] = mapped_column(Uuid, index=True)
    language: Mapped[str] = mapped_column(String(2))
    vat_rate: Mapped[Decimal] = mapped_column(RATE)
    net_amount: Mapped[Decimal] = mapped_column(MONEY)
    vat_amount: Mapped[Decimal] = mapped_column(MONEY)
    total_amount: Mapped[Decimal] = mapped_column(MONEY)
    """Positive: the amount credited."""

    invoice: Mapped[Invoice] = relationship(lazy="selectin")


class Company(Base):
    """Billing's copy of a company's legal identity (`CompanyRegisteredV1`), for its invoices."""

    __tablename__ = "companies"

    company_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    registration_number: Mapped[str] = mapped_column(String(40))
    vat_number: Mapped[str | None] = mapped_column(String(20))


class NumberCounter(Base):
    """The last number used in a series and year; bumped in the issuing transaction,
    so a rolled-back issue gives its number back and the series has no gap."""

    __tablename__ = "number_counters"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)
