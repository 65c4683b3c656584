"""The bodies billing's REST API reads and writes."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, EmailStr, Field

from billing.adapters.tables import CreditNote, Invoice
from billing.entrypoints.http.callers import Instant
from billing.handlers.billables import BillableStatement
from chassis.wire_types import PositiveMoney
from contracts.billing import BillableKind


class InvoiceRequest(BaseModel):
    reference_id: UUID
    kind: BillableKind = "public_booking"
    amount: PositiveMoney | None = Field(
        default=None, description="EUR, VAT included; default: all that is left to invoice"
    )
    payer_name: str | None = Field(default=None, min_length=1, max_length=200)
    payer_email: EmailStr | None = Field(
        default=None, description="Another payer than the booking's, e.g. to split the price"
    )
    payer_company_id: UUID | None = Field(
        default=None, description="With payer_email: the company whose users may see it"
    )


class LineOut(BaseModel):
    position: int
    description: str
    amount: Decimal


class InvoiceOut(BaseModel):
    id: UUID
    number: str
    kind: str
    reference_id: UUID
    issued_at: Instant
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: str
    vat_rate: Decimal
    net_amount: Decimal
    vat_amount: Decimal
    total_amount: Decimal
    lines: list[LineOut]

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceOut:
        return cls.model_validate(invoice, from_attributes=True)


class CreditNoteOut(BaseModel):
    id: UUID
    number: str
    invoice_id: UUID
    kind: str
    reference_id: UUID
    issued_at: Instant
    reason: str
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: str
    vat_rate: Decimal
    net_amount: Decimal
    vat_amount: Decimal
    total_amount: Decimal

    @classmethod
    def of(cls, note: CreditNote) -> CreditNoteOut:
        return cls.model_validate(note, from_attributes=True)


class BillableOut(BaseModel):
    kind: str
    reference_id: UUID
    price: Decimal
    invoiced_total: Decimal
    left_to_invoice: Decimal
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    created_at: Instant
    cancelled_at: Instant | None

    @classmethod
    def of(cls, statement: BillableStatement) -> BillableOut:
        billable = statement.billable
        return cls(
            kind=billable.kind,
            reference_id=billable.reference_id,
            price=billable.price,
            invoiced_total=statement.invoiced_total,
            left_to_invoice=statement.left_to_invoice,
            payer_name=billable.payer_name,
            payer_email=billable.payer_email,
            payer_company_id=billable.payer_company_id,
            created_at=billable.created_at,
            cancelled_at=billable.cancelled_at,
        )
