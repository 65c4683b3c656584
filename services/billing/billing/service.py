"""The billing service: billables, invoices with gapless numbers, credit notes, PDFs.

A validated booking becomes billable; staff invoice all or part of it (R-C4)
and each invoice is announced with `InvoiceIssuedV1`, from which enrollment
derives "partly invoiced" or "invoiced". A cancelled booking is credited
(`CreditNoteIssuedV1`). Issue 4's in-company fees go through the same
`invoicing.issue_invoice`.

Settings (`settings.py`, from `BILLING_<NAME>` or `<NAME>`): `VAT_RATE`
(default 0.20, included in every amount), `SELLER_NAME`, `SELLER_ADDRESS`,
`SELLER_VAT_NUMBER` (printed on the PDFs).
"""

from billing.api import router
from billing.handlers import on_booking_cancelled, on_booking_validated
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
    ],
    settings_class=BillingSettings,
)
