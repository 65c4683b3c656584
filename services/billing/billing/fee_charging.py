"""Charging an in-company fee: record it once under its key, invoice it in full.

The fee is billed to the company (its legal name), at its HR contact's
address and in their language; the company's users see the invoice
(`payer_company_id`). The invoice gets the next gapless number of the same
series as every other invoice, its PDF, and `InvoiceIssuedV1` (kind
"incompany_fee", reference = the group) through the outbox.
"""

from __future__ import annotations

from decimal import Decimal

import structlog

from billing.billables import INCOMPANY_FEE, RecordBillable, record_billable
from billing.fee_wording import fee_description
from billing.fees import Fee
from billing.invoicing import IssueInvoice, issue_invoice
from billing.models import Invoice
from chassis.unit_of_work import UnitOfWork
from contracts.incompany import CompanyFacts, GroupFacts, HrContact

log = structlog.get_logger("billing.fees")


async def charge_fee(
    fee: Fee,
    *,
    company: CompanyFacts,
    hr_contact: HrContact,
    group: GroupFacts,
    vat_rate: Decimal,
    uow: UnitOfWork,
) -> Invoice | None:
    """The fee's invoice, or None when its key was charged already (nothing new).

    Exactly once per fact: the chassis inbox absorbs a redelivery, the unique
    key a copy re-published with a new event id, and the shared flat-fee key
    a second 375.00 for the same group. The caller commits.
    """
    billable, new = await record_billable(
        RecordBillable(
            key=fee.key,
            kind=INCOMPANY_FEE,
            reference_id=group.group_id,
            price=fee.amount,
            description=fee_description(fee, group, hr_contact.language),
            payer_name=company.name,
            payer_email=str(hr_contact.email),
            payer_company_id=company.company_id,
            language=hr_contact.language,
        ),
        uow,
    )
    if not new:
        log.info("fee already charged", billable_key=fee.key, reason=fee.reason.value)
        return None
    invoice = await issue_invoice(
        IssueInvoice(
            reference_id=group.group_id,
            kind=INCOMPANY_FEE,
            billable_key=billable.billable_key,
            vat_rate=vat_rate,
        ),
        uow,
    )
    log.info("fee charged", billable_key=fee.key, reason=fee.reason.value, number=invoice.number)
    return invoice
