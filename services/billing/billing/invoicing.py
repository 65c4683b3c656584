"""Issuing an invoice: the one service-layer function every invoice goes through.

Staff invoice all or part of a booking's price (R-C4: instalments, or split
between payers); an in-company fee is invoiced in full by the same
`issue_invoice` as soon as it is charged (`fee_charging.py`), so fees get the
same numbers, storage and PDF.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import structlog

from billing.amounts import DEFAULT_VAT_RATE, amount_to_invoice, money, split_vat
from billing.billables import NoKeyForReference, find_billable, invoiced_total, key_of_reference
from billing.counters import next_sequence
from billing.models import Invoice, InvoiceLine
from billing.numbering import Series, format_number, numbering_year
from chassis.unit_of_work import UnitOfWork
from contracts.billing import BillableKind, InvoiceIssuedV1

log = structlog.get_logger("billing.invoicing")


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
    vat_rate: Decimal = DEFAULT_VAT_RATE
    billable_key: str | None = None
    """None: the key of the public booking `reference_id`; an in-company fee names its key."""


class UnknownBillable(LookupError):
    """Nothing billable has this reference (not validated yet, or a wrong id)."""


class BillableCancelled(Exception):
    """The reference was cancelled: it can be credited, no longer invoiced."""


async def issue_invoice(command: IssueInvoice, uow: UnitOfWork) -> Invoice:
    """Issue and store an invoice, and stage `InvoiceIssuedV1`; the caller commits.

    Order matters: the billable's row lock comes first (two invoices for one
    reference cannot both see the same remaining amount), the number last (the
    counter row is held for as short a time as possible). A refused or
    rolled-back issue uses no number.

    Raises UnknownBillable, BillableCancelled, or `amounts.AmountRefused` /
    `amounts.AmountExceedsRemaining` with a message fit for the caller.
    """
    try:
        key = command.billable_key or key_of_reference(command.kind, command.reference_id)
    except NoKeyForReference as error:
        raise UnknownBillable(str(error)) from error
    billable = await find_billable(uow, key, for_update=True)
    if billable is None or billable.reference_id != command.reference_id:
        raise UnknownBillable(f"nothing to invoice for {command.kind} {command.reference_id}")
    if billable.cancelled_at is not None:
        raise BillableCancelled(f"{command.kind} {command.reference_id} was cancelled")
    already = await invoiced_total(uow, billable.id)
    amount = amount_to_invoice(command.amount, billable.price - already)

    other_payer = command.payer_email is not None
    payer_email = (command.payer_email or billable.payer_email).lower()
    payer_name = command.payer_name or (payer_email if other_payer else billable.payer_name)
    company_id = command.payer_company_id if other_payer else billable.payer_company_id

    issued_at = uow.clock.now()
    year = numbering_year(issued_at)
    number = format_number(
        Series.INVOICE, year, await next_sequence(uow.session, Series.INVOICE, year)
    )
    totals = split_vat(amount, command.vat_rate)
    description = billable.description
    if amount != billable.price:
        description = f"{description} ({money(amount)} of {money(billable.price)} EUR)"
    invoice = Invoice(
        id=uuid.uuid4(),
        number=number,
        billable_id=billable.id,
        kind=billable.kind,
        reference_id=billable.reference_id,
        issued_at=issued_at,
        payer_name=payer_name[:200],
        payer_email=payer_email,
        payer_company_id=company_id,
        language=billable.language,
        vat_rate=totals.vat_rate,
        net_amount=totals.net,
        vat_amount=totals.vat,
        total_amount=totals.total,
        lines=[InvoiceLine(position=1, description=description[:500], amount=amount)],
    )
    uow.session.add(invoice)
    await uow.session.flush()
    uow.publish(
        InvoiceIssuedV1(
            invoice_id=invoice.id,
            number=number,
            kind=billable.kind,  # type: ignore[arg-type]
            reference_id=billable.reference_id,
            amount=amount,
            invoiced_total=already + amount,
            price=billable.price,
            payer_name=invoice.payer_name,
            payer_email=payer_email,
            language=billable.language,  # type: ignore[arg-type]
        )
    )
    log.info("invoice issued", number=number, reference_id=str(billable.reference_id))
    return invoice
