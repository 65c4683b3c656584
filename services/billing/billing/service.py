"""The billing service: billables, invoices with gapless numbers, credit notes, PDFs.

A validated booking becomes billable; staff invoice all or part of it (R-C4)
and each invoice is announced with `InvoiceIssuedV1`, from which enrollment
derives "partly invoiced" or "invoiced". A cancelled booking is credited
(`CreditNoteIssuedV1`). In-company fees (R-I13..R-I16, `fees.py`) are charged
on incompany's facts and invoiced at once through the same
`invoicing.issue_invoice`.

Settings (`settings.py`, from `BILLING_<NAME>` or `<NAME>`): `VAT_RATE`
(default 0.20, included in every amount), `SELLER_NAME`, `SELLER_ADDRESS`,
`SELLER_VAT_NUMBER` (printed on the PDFs), and the fees: `LATE_CANCELLATION_FEE`
(375.00), `LATE_CANCELLATION_DAYS` (15), `MISSING_LIST_FEE` (375.00),
`SHORTFALL_FEE_PER_PERSON` (150.00), `SHORTFALL_MINIMUM_ATTENDEES` (6).
"""

from billing.api import router
from billing.handlers import (
    on_booking_cancelled,
    on_booking_validated,
    on_group_cancelled,
    on_group_completed,
    on_participant_list_missing,
)
from billing.models import delivery, metadata
from billing.settings import BillingSettings
from chassis.consumers import Consumer
from chassis.service import ServiceDefinition
from contracts import topology

DEFINITION = ServiceDefinition(
    name="billing",
    title="Billing",
    description="Invoices with gapless numbers, credit notes and in-company fees.",
    metadata=metadata,
    delivery=delivery,
    migrations="billing:migrations",
    routers=[router],
    consumers=[
        Consumer(topology.BILLING_BILLABLE, on_booking_validated),
        Consumer(topology.BILLING_CREDIT, on_booking_cancelled),
        Consumer(topology.BILLING_FEE_ON_GROUP_CANCELLED, on_group_cancelled),
        Consumer(topology.BILLING_FEE_ON_LIST_MISSING, on_participant_list_missing),
        Consumer(topology.BILLING_FEE_ON_GROUP_COMPLETED, on_group_completed),
    ],
    settings_class=BillingSettings,
)
