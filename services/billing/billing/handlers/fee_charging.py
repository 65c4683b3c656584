"""Charging in-company fees on incompany's facts: record each once under its key, invoice it
in full (R-I13..R-I16, `domain/fees.py`).

The fee is billed to the company (its legal name), at its HR contact's
address and in their language; the company's users see the invoice
(`payer_company_id`). The invoice gets the next gapless number of the same
series as every other invoice and, once that is committed, its PDF and
`InvoiceIssuedV2` (kind "incompany_fee", reference = the group) through the outbox.

Each fact is charged exactly once: the chassis inbox absorbs a redelivery, the
unique key a copy re-published with a new event id, and the shared flat-fee key
a second 375.00 for the same group.
"""

from __future__ import annotations

import structlog

from billing.adapters.tables import Invoice
from billing.domain import fees
from billing.domain.billables import INCOMPANY_FEE
from billing.domain.commands import IssueInvoice, RecordBillable
from billing.domain.documents import BilledItem
from billing.domain.fee_wording import fee_description
from billing.handlers import Uow
from billing.handlers.billables import record_billable
from billing.handlers.invoicing import announce_now, invoice_in_transaction
from contracts.incompany import GroupCancelledV1, GroupCompletedV1, ParticipantListMissingV1

log = structlog.get_logger("billing.fees")

InCompanyFact = GroupCancelledV1 | ParticipantListMissingV1 | GroupCompletedV1


async def on_group_cancelled(event: GroupCancelledV1, uow: Uow) -> None:
    """R-I13, R-I14: free at least 15 days before the start, 375.00 within (`domain/fees.py`)."""
    rules = uow.settings.fee_rules()
    await charged(fees.cancellation_fee(event, rules), event, uow)


async def on_participant_list_missing(event: ParticipantListMissingV1, uow: Uow) -> None:
    """R-I15: 375.00 for a list still missing at the cut-off; one flat fee per group."""
    rules = uow.settings.fee_rules()
    await charged(fees.list_missing_fee(event, rules), event, uow)


async def on_group_completed(event: GroupCompletedV1, uow: Uow) -> None:
    """R-I16: 150.00 per attendee short of the minimum of 6.

    Billing's `shortfall_minimum_attendees` decides; incompany's minimum (the
    event's) should be the same R-I2 number, and a difference is logged.
    """
    rules = uow.settings.fee_rules()
    if event.minimum_participants != rules.shortfall_minimum_attendees:
        log.warning(
            "minimum participants differ between incompany and billing",
            incompany=event.minimum_participants,
            billing=rules.shortfall_minimum_attendees,
        )
    await charged(fees.shortfall_fee(event, rules), event, uow)


async def charged(fee: fees.Fee | None, fact: InCompanyFact, uow: Uow) -> None:
    """Charge the fee and commit; then announce its invoice (`invoicing.announce`), after
    the number counter is free again."""
    invoice = await charge_fee(fee, fact, uow)
    invoice_id = invoice.id if invoice is not None else None
    await uow.commit()
    if invoice_id is not None:
        await announce_now(invoice_id, uow)


async def charge_fee(fee: fees.Fee | None, fact: InCompanyFact, uow: Uow) -> Invoice | None:
    """The fee's invoice, or None when there is no fee or its key was charged already.

    A step of the caller's transaction, which commits.
    """
    if fee is None:
        return None
    new = await record_billable(
        RecordBillable(
            key=fee.key,
            kind=INCOMPANY_FEE,
            reference_id=fact.group.group_id,
            price=fee.amount,
            description=fee_description(fee, fact.group, fact.hr_contact.language),
            payer_name=fact.company.name,
            payer_email=str(fact.hr_contact.email),
            payer_company_id=fact.company.company_id,
            language=fact.hr_contact.language,
            billed=BilledItem(
                course_code=fact.group.course_code,
                course_title=fact.group.course_title,
                starts_at=fact.group.starts_at,
                ends_at=fact.group.ends_at,
                time_zone=fact.group.time_zone,
                group_reference=fact.group.group_reference,
            ),
        ),
        uow,
    )
    if not new:
        log.info("fee already charged", billable_key=fee.key, reason=fee.reason.value)
        return None
    invoice = await invoice_in_transaction(
        IssueInvoice(
            reference_id=fact.group.group_id,
            kind=INCOMPANY_FEE,
            billable_key=fee.key,
        ),
        uow,
    )
    log.info("fee charged", billable_key=fee.key, reason=fee.reason.value, number=invoice.number)
    return invoice
