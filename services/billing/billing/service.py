"""The billing service: billables, invoices with gapless numbers, credit notes, PDFs.

A validated booking becomes billable; staff invoice all or part of it (R-C4)
and each invoice is announced with `InvoiceIssuedV2` (with its PDF), from which
enrollment derives "partly invoiced" or "invoiced" and notifications sends it.
A cancelled booking is credited (`CreditNoteIssuedV1`). In-company fees
(R-I13..R-I16, `domain/fees.py`) are charged on incompany's facts and invoiced
at once through the same `handlers/invoicing.py`.

Invoices and credit notes are printed in the payer's language (fr/nl/en,
`domain/document_words.py`) with the seller's legal identity, the buyer's
(companies as accounts registered them, `handlers/companies.py`), what is
billed, the VAT, the due date and a Belgian structured communication
(`domain/payment_reference.py`).

Settings (`settings.py`, from `BILLING_<NAME>` or `<NAME>`): `VAT_RATE`
(default 0.21, Belgium's standard rate, included in every amount; 0 if exempt);
the seller printed on the PDFs:
`SELLER_NAME`, `SELLER_STREET`, `SELLER_POSTAL_CODE`, `SELLER_CITY`,
`SELLER_COUNTRY`, `SELLER_ENTERPRISE_NUMBER`, `SELLER_VAT_NUMBER`,
`SELLER_IBAN`, `SELLER_BIC`, `SELLER_EMAIL`, and `PAYMENT_TERMS_DAYS` (30);
`ANNOUNCE_RETRY_SECONDS` (10): how often an invoice left unannounced is announced;
and the fees: `LATE_CANCELLATION_FEE`
(375.00), `LATE_CANCELLATION_DAYS` (15), `MISSING_LIST_FEE` (375.00),
`SHORTFALL_FEE_PER_PERSON` (150.00), `SHORTFALL_MINIMUM_ATTENDEES` (6).
"""

from billing.adapters.tables import delivery, metadata
from billing.domain.refusal_texts import REFUSAL_TEXTS
from billing.entrypoints.consumers import CONSUMERS
from billing.entrypoints.http import ROUTERS
from billing.entrypoints.scans import announce_invoices
from billing.settings import BillingSettings
from chassis.service import ServiceDefinition

DEFINITION = ServiceDefinition(
    name="billing",
    title="Billing",
    description="Invoices with gapless numbers, credit notes and in-company fees.",
    metadata=metadata,
    delivery=delivery,
    migrations="billing:migrations",
    routers=ROUTERS,
    consumers=CONSUMERS,
    background=[announce_invoices],
    settings_class=BillingSettings,
    refusal_texts=REFUSAL_TEXTS,
)
