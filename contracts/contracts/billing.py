"""Events published by the billing service."""

from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import EmailStr, Field

from contracts.accounts import Language
from contracts.envelope import Event

BillableKind = Literal["public_booking", "incompany_fee"]


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
    payer_email: EmailStr
    language: Language = "fr"


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
    payer_email: EmailStr
    language: Language = "fr"
