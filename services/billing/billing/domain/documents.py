"""What an invoice or a credit note says, before it is laid out on a page; no I/O.

Everything here is frozen at issue (the invoice's row and its billable), except
the seller, which is the configured one (`BillingSettings.seller`). The
words and formats of each language are `domain/document_words.py`; the page
is `adapters/pdf.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal
from uuid import UUID

from billing.domain.numbering import BUSINESS_ZONE

DocumentKind = Literal["invoice", "credit_note"]


@dataclass(frozen=True)
class Seller:
    """The training provider's legal identity, as its invoices must show it."""

    name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "BE"
    enterprise_number: str = ""
    vat_number: str = ""
    iban: str = ""
    bic: str = ""
    email: str = ""


@dataclass(frozen=True)
class Buyer:
    """Who is billed: a person, or a company (its legal identity, as accounts registered it).

    Accounts does not collect a company's postal address yet: none is printed.
    """

    name: str
    email: str
    company_name: str | None = None
    vat_number: str | None = None
    registration_number: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class BilledItem:
    """What is billed, in a person's words: the course, its dates and who attends.

    A public booking names its participant; an in-company fee its group.
    Documents issued before billing kept these facts have none (`None`).
    """

    course_code: str
    course_title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    participant: str | None = None
    group_reference: str | None = None


@dataclass(frozen=True)
class Order:
    """What a document is about, as the customer knows it: their booking (its id, the one
    in their enrollment's address in the customer space), or their in-company group (its
    reference, e.g. "IC2027-0003-01"). Printed as the document's subject; its lines say
    what is billed."""

    reference_id: UUID
    group_reference: str | None = None


@dataclass(frozen=True)
class CreditedInvoice:
    number: str
    issued_at: datetime


@dataclass(frozen=True)
class PrintedDocument:
    kind: DocumentKind
    number: str
    issued_at: datetime
    language: str
    buyer: Buyer
    order: Order | None
    lines: list[tuple[str, Decimal]]
    """Each line's text and VAT-inclusive amount."""
    net: Decimal
    vat: Decimal
    vat_rate: Decimal
    total: Decimal
    due_on: date | None = None
    """Invoices: when the payment is due."""
    payment_reference: str | None = None
    """Invoices: the structured communication to pay with."""
    credited_invoice: CreditedInvoice | None = None
    """Credit notes: the invoice they cancel."""
    reason: str | None = None
    """Credit notes: why (e.g. the booking's cancellation)."""


def due_date(issued_at: datetime, payment_terms_days: int) -> date:
    """The issue date in Europe/Paris (the date printed) plus the payment terms."""
    return issued_at.astimezone(BUSINESS_ZONE).date() + timedelta(days=payment_terms_days)
