"""What billing does when enrollment tells it something (consumers; the chassis commits).

Both are idempotent twice over: the chassis inbox skips a redelivered event,
and the unique (kind, reference_id) of billables and invoice_id of credit
notes make even a re-published copy with a new event id change nothing.
"""

from __future__ import annotations

from billing.billables import RecordBillable, record_billable
from billing.crediting import cancel_and_credit
from billing.numbering import BUSINESS_ZONE
from chassis.unit_of_work import UnitOfWork
from contracts.enrollment import BookingCancelledV1, BookingValidatedV1

PUBLIC_BOOKING = "public_booking"


def booking_billable(event: BookingValidatedV1) -> RecordBillable:
    """A validated booking's billable (R-C4): its price, and who pays by default.

    A company booking is billed to the company (its users see the invoices) at
    the address of the manager who placed it; an individual's to the person.
    The event carries no company legal name nor the manager's name, so a
    company's invoices are addressed to the manager's email until staff name
    the payer when issuing (`payer_name`).
    """
    starts = event.session.starts_at.astimezone(BUSINESS_ZONE)
    description = (
        f"{event.session.course_code} {event.session.course_title}, "
        f"{starts:%d/%m/%Y}, {event.trainee.full_name}"
    )
    is_company = event.company_id is not None
    return RecordBillable(
        kind=PUBLIC_BOOKING,
        reference_id=event.booking_id,
        price=event.price,
        description=description,
        payer_name=event.placed_by_email if is_company else event.trainee.full_name,
        payer_email=event.placed_by_email,
        payer_company_id=event.company_id,
        language=event.language,
    )


async def on_booking_validated(event: BookingValidatedV1, uow: UnitOfWork) -> None:
    await record_billable(booking_billable(event), uow)


async def on_booking_cancelled(event: BookingCancelledV1, uow: UnitOfWork) -> None:
    """A cancelled booking is credited for what was invoiced (R-C5), nothing otherwise."""
    await cancel_and_credit(PUBLIC_BOOKING, event.booking_id, event.reason, uow)
