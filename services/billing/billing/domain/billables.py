"""Billables: what may be invoiced, recorded once per fact under a unique key; no I/O.

A validated booking becomes billable (R-C4) under "booking:<id>"; an in-company
fee (R-I14..R-I16) under its fee key (`fees.py`), with kind "incompany_fee".
Both share invoices, numbering and PDF.
"""

from __future__ import annotations

from uuid import UUID

from billing.domain.commands import RecordBillable
from billing.domain.document_words import line_text
from billing.domain.documents import BilledItem
from billing.domain.numbering import BUSINESS_ZONE
from billing.domain.refusals import NoKeyForReference
from contracts.billing import BillableKind
from contracts.enrollment import BookingValidatedV1

PUBLIC_BOOKING: BillableKind = "public_booking"
INCOMPANY_FEE: BillableKind = "incompany_fee"


def booking_key(booking_id: UUID) -> str:
    return f"booking:{booking_id}"


def key_of_reference(kind: str, reference_id: UUID) -> str:
    """The key of the billable a (kind, reference) names; a booking has exactly one."""
    if kind == PUBLIC_BOOKING:
        return booking_key(reference_id)
    raise NoKeyForReference(
        f"{kind} {reference_id}: in-company fees are invoiced in full when they are charged; "
        "list them with GET /invoices?reference_id=<group id>",
        reference_id=reference_id,
    )


def booking_billable(event: BookingValidatedV1) -> RecordBillable:
    """A validated booking's billable (R-C4): its price, and who pays by default.

    A company booking is billed to the company (its users see the invoices) at
    the address of the manager who placed it; an individual's to the person.
    The event carries no company legal name nor the manager's name, so a
    company's invoices are addressed to the manager's email (staff may name
    the payer when issuing, `payer_name`) and carry the company's legal
    identity from billing's copy of it (`handlers/companies.py`). The line
    says what is billed in the payer's language (`document_words.line_text`).
    """
    billed = BilledItem(
        course_code=event.session.course_code,
        course_title=event.session.course_title,
        starts_at=event.session.starts_at,
        ends_at=event.session.ends_at,
        time_zone=BUSINESS_ZONE.key,
        participant=event.trainee.full_name,
    )
    is_company = event.company_id is not None
    return RecordBillable(
        key=booking_key(event.booking_id),
        kind=PUBLIC_BOOKING,
        reference_id=event.booking_id,
        price=event.price,
        description=line_text(billed, event.language),
        payer_name=event.placed_by_email if is_company else event.trainee.full_name,
        payer_email=event.placed_by_email,
        payer_company_id=event.company_id,
        language=event.language,
        billed=billed,
    )
