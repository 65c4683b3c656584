"""Events published by the billing service."""

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from contracts.accounts import Language
from contracts.emails import Email
from contracts.envelope import Event

BillableKind = Literal["public_booking", "incompany_fee"]

MAX_PDF_BASE64 = 2_000_000
"""An invoice's PDF, base64: about 1.5 MB at most (a one-page invoice is some tens of kB)."""


class InvoiceIssuedV1(Event):
    """An invoice was issued; `invoiced_total` against `price` gives the order's state (R-C4)."""

    name = "billing.invoice.issued.v1"

    invoice_id: UUID
    number: str = Field(max_length=30)
    """Gapless within its year: "2026-000042"."""
    kind: BillableKind
    reference_id: UUID
    """The booking (public) or the in-company group the invoice is for."""
    amount: Decimal = Field(decimal_places=2)
    invoiced_total: Decimal = Field(decimal_places=2)
    """All invoices for the reference so far, credit notes deducted."""
    price: Decimal = Field(decimal_places=2)
    """What the reference costs in all."""
    payer_name: str = Field(max_length=200)
    payer_email: Email
    language: Language = "fr"


class InvoiceIssuedV2(Event):
    """An invoice was issued, with its PDF: v1's facts, and the document the payer receives.

    Billing publishes v2 only; v1's queues stay for the events still in flight
    when it changed (docs/ARCHITECTURE.md, "Invoices"). The PDF travels in the
    event (base64, some tens of kB) so that notifications attaches exactly
    what billing printed, without calling billing back.
    """

    name = "billing.invoice.issued.v2"

    invoice_id: UUID
    number: str = Field(max_length=30)
    """Gapless within its year: "2026-000042"."""
    kind: BillableKind
    reference_id: UUID
    """The booking (public) or the in-company group the invoice is for."""
    amount: Decimal = Field(decimal_places=2)
    invoiced_total: Decimal = Field(decimal_places=2)
    """All invoices for the reference so far, credit notes deducted."""
    price: Decimal = Field(decimal_places=2)
    """What the reference costs in all."""
    payer_name: str = Field(max_length=200)
    payer_email: Email
    language: Language = "fr"
    due_on: date
    """The payment's due date (the seller's payment terms)."""
    payment_reference: str = Field(max_length=30)
    """The Belgian structured communication to pay with: "+++202/6000/04236+++"."""
    pdf_base64: str = Field(min_length=1, max_length=MAX_PDF_BASE64)
    """The invoice as printed (application/pdf), base64-encoded."""


class CreditNoteIssuedV1(Event):
    """A credit note cancels invoiced amounts, e.g. for a cancelled booking."""

    name = "billing.credit-note.issued.v1"

    credit_note_id: UUID
    number: str = Field(max_length=30)
    kind: BillableKind
    reference_id: UUID
    amount: Decimal = Field(decimal_places=2)
    """Positive: the amount credited."""
    invoiced_total: Decimal = Field(decimal_places=2)
    payer_email: Email
    language: Language = "fr"
