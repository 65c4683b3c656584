"""What billing does when enrollment or incompany tells it something (consumers; the chassis
commits).

Each is idempotent twice over: the chassis inbox skips a redelivered event,
and the unique `billable_key` of billables and `invoice_id` of credit notes
make even a re-published copy with a new event id change nothing.
"""

from __future__ import annotations

import structlog

from billing import fees
from billing.billables import PUBLIC_BOOKING, RecordBillable, booking_key, record_billable
from billing.crediting import cancel_and_credit
from billing.fee_charging import charge_fee
from billing.numbering import BUSINESS_ZONE
from billing.settings import billing_settings
from chassis.unit_of_work import UnitOfWork
from contracts.enrollment import BookingCancelledV1, BookingValidatedV1
from contracts.incompany import GroupCancelledV1, GroupCompletedV1, ParticipantListMissingV1

log = structlog.get_logger("billing.handlers")


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
        key=booking_key(event.booking_id),
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


InCompanyFact = GroupCancelledV1 | ParticipantListMissingV1 | GroupCompletedV1


async def _charge(fee: fees.Fee | None, event: InCompanyFact, uow: UnitOfWork) -> None:
    if fee is None:
        return
    await charge_fee(
        fee,
        company=event.company,
        hr_contact=event.hr_contact,
        group=event.group,
        vat_rate=billing_settings(uow.settings).vat_rate,
        uow=uow,
    )


async def on_group_cancelled(event: GroupCancelledV1, uow: UnitOfWork) -> None:
    """R-I13, R-I14: free at least 15 days before the start, 375.00 within (`fees.py`)."""
    rules = billing_settings(uow.settings).fee_rules()
    await _charge(fees.cancellation_fee(event, rules), event, uow)


async def on_participant_list_missing(event: ParticipantListMissingV1, uow: UnitOfWork) -> None:
    """R-I15: 375.00 for a list still missing at the cut-off; one flat fee per group."""
    rules = billing_settings(uow.settings).fee_rules()
    await _charge(fees.list_missing_fee(event, rules), event, uow)


async def on_group_completed(event: GroupCompletedV1, uow: UnitOfWork) -> None:
    """R-I16: 150.00 per attendee short of the minimum of 6.

    Billing's `shortfall_minimum_attendees` decides; incompany's minimum (the
    event's) should be the same R-I2 number, and a difference is logged.
    """
    rules = billing_settings(uow.settings).fee_rules()
    if event.minimum_participants != rules.shortfall_minimum_attendees:
        log.warning(
            "minimum participants differ between incompany and billing",
            incompany=event.minimum_participants,
            billing=rules.shortfall_minimum_attendees,
        )
    await _charge(fees.shortfall_fee(event, rules), event, uow)
