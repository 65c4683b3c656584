"""What billing is asked to do: commands as frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from billing.domain.documents import BilledItem
from contracts.accounts import Language
from contracts.billing import BillableKind


@dataclass(frozen=True)
class RecordBillable:
    key: str
    """Unique per fact: "booking:<id>", "group:<id>:flat-fee", "group:<id>:shortfall"."""
    kind: BillableKind
    reference_id: UUID
    price: Decimal
    """VAT-inclusive, exact EUR."""
    description: str
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: Language = "fr"
    billed: BilledItem | None = None
    """What is billed (course, dates, participant or group), printed as the invoice's line."""


@dataclass(frozen=True)
class IssueInvoice:
    reference_id: UUID
    kind: BillableKind = "public_booking"
    amount: Decimal | None = None
    """None: all that is left to invoice."""
    payer_name: str | None = None
    """None: the billable's payer. Another payer (a split) names its own email too."""
    payer_email: str | None = None
    payer_company_id: UUID | None = None
    """Only with another payer: the company whose users may see the invoice."""
    billable_key: str | None = None
    """None: the key of the public booking `reference_id`; an in-company fee names its key."""
