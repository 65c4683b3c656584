"""Issuing an invoice: the one path every invoice goes through.

Staff invoice all or part of a booking's price (R-C4: instalments, or split
between payers); an in-company fee is invoiced in full by the same
`invoice_in_transaction` as soon as it is charged (`fee_charging.py`), so fees
get the same numbers, storage and PDF.

Two transactions. The first numbers and stores the invoice: the number
counter's row stays locked until it commits, so it does nothing slow; a
rolled-back issue gives its number back (no gap, no duplicate). The second,
`announce`, renders the PDF (a few tenths of a second of CPU), stages
`InvoiceIssuedV2` with it and sets `announced_at`: the counter is free meanwhile,
so a slow PDF holds up no other invoice. An invoice whose announcement failed
or was cut short (a crash between the two) is announced by `announce_pending`,
billing's background loop; claiming it (`announced_at` set where still NULL)
makes each invoice announced exactly once.
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import Callable

import structlog
from sqlalchemy import select, update

from billing.adapters.billables import find_billable, invoiced_total
from billing.adapters.companies import find_company
from billing.adapters.counters import next_sequence
from billing.adapters.pdf import render
from billing.adapters.tables import Billable, CreditNote, Invoice, InvoiceLine
from billing.domain.amounts import ZERO, amount_to_invoice, split_vat
from billing.domain.billables import key_of_reference
from billing.domain.commands import IssueInvoice
from billing.domain.document_words import partial_line
from billing.domain.documents import due_date
from billing.domain.numbering import Series, format_number, numbering_year
from billing.domain.refusals import BillableCancelled, UnknownBillable
from billing.handlers import Uow
from billing.handlers.documents import invoice_document
from contracts.billing import InvoiceIssuedV2
from contracts.identity import normalise_email

log = structlog.get_logger("billing.invoicing")


async def issue_invoice(command: IssueInvoice, uow: Uow) -> Invoice:
    """Issue and store an invoice, commit, then announce it with `InvoiceIssuedV2`."""
    invoice_id = (await invoice_in_transaction(command, uow)).id
    await uow.commit()
    await announce_now(invoice_id, uow)
    # as stored: a failed announcement rolled back its transaction, expiring what it held
    return (
        await uow.session.scalars(
            select(Invoice)
            .where(Invoice.id == invoice_id)
            .execution_options(populate_existing=True)
        )
    ).one()


async def announce_now(invoice_id: uuid.UUID, uow: Uow) -> None:
    """Announce a just committed invoice; if that fails, the background loop will."""
    try:
        await announce(invoice_id, uow)
    except Exception:  # the invoice is issued: its announcement is retried, not lost
        await uow.rollback()
        log.exception("invoice announcement failed; retried", invoice_id=str(invoice_id))


async def announce(invoice_id: uuid.UUID, uow: Uow) -> bool:
    """Render the invoice's PDF and stage `InvoiceIssuedV2` with it, once, and commit.

    False when it was announced already (or another process is announcing it)."""
    session = uow.session
    claimed = await session.execute(
        update(Invoice)
        .where(Invoice.id == invoice_id, Invoice.announced_at.is_(None))
        .values(announced_at=uow.clock.now())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await uow.rollback()
        return False
    invoice = (
        await session.scalars(
            select(Invoice)
            .where(Invoice.id == invoice_id)
            .execution_options(populate_existing=True)
        )
    ).one()
    billable = (
        await session.scalars(select(Billable).where(Billable.id == invoice.billable_id))
    ).one()
    # what this invoice and the ones before it for the same billable cover, as at its issue
    invoiced = await session.scalars(
        select(Invoice.total_amount).where(
            Invoice.billable_id == billable.id, Invoice.number <= invoice.number
        )
    )
    credited = await session.scalars(
        select(CreditNote.total_amount).where(
            CreditNote.billable_id == billable.id, CreditNote.issued_at < invoice.issued_at
        )
    )
    covered = sum(invoiced, ZERO) - sum(credited, ZERO)
    printed = invoice_document(invoice, billable)
    # CPU-bound (some tenths of a second): off the event loop, as other blocking work is.
    pdf = await asyncio.to_thread(render, printed, uow.settings.seller())
    uow.publish(
        InvoiceIssuedV2(
            invoice_id=invoice.id,
            number=invoice.number,
            kind=billable.kind,  # type: ignore[arg-type]
            reference_id=billable.reference_id,
            amount=invoice.total_amount,
            invoiced_total=covered,
            price=billable.price,
            payer_name=invoice.payer_name,
            payer_email=invoice.payer_email,
            language=invoice.language,  # type: ignore[arg-type]
            due_on=printed.due_on,
            payment_reference=printed.payment_reference,
            pdf_base64=base64.b64encode(pdf).decode("ascii"),
        )
    )
    await uow.commit()
    log.info("invoice announced", number=invoice.number)
    return True


async def announce_pending(uow_factory: Callable[[], Uow], *, batch_size: int = 50) -> int:
    """Announce the invoices still unannounced, up to `batch_size`, oldest first, each in
    its own unit of work; return how many this call announced. One that fails again is
    logged and left for the next round: it holds up none of the others."""
    announced = 0
    async with uow_factory() as uow:
        pending = list(
            await uow.session.scalars(
                select(Invoice.id)
                .where(Invoice.announced_at.is_(None))
                .order_by(Invoice.issued_at)
                .limit(batch_size)
            )
        )
    for invoice_id in pending:
        async with uow_factory() as uow:
            try:
                announced += await announce(invoice_id, uow)
            except Exception:  # e.g. its PDF cannot be rendered yet: the others go on
                log.exception("invoice announcement failed; retried", invoice_id=str(invoice_id))
    return announced


async def invoice_in_transaction(command: IssueInvoice, uow: Uow) -> Invoice:
    """Issue and store an invoice; a step of the caller's transaction, which commits (or
    rolls back, giving the number back) and then `announce`s it.

    Order matters: the billable's row lock comes first (two invoices for one
    reference cannot both see the same remaining amount), the number last (the
    counter row is held for as short a time as possible). A refused or
    rolled-back issue uses no number. The VAT rate and the payment terms are the
    configured ones (`BillingSettings`); the company billed, if billing knows it
    (`handlers/companies.py`), is copied onto the invoice.

    Refuses with UnknownBillable (NoKeyForReference for a fee named by its
    group), BillableCancelled, AmountRefused or AmountExceedsRemaining.
    """
    session = uow.session
    key = command.billable_key or key_of_reference(command.kind, command.reference_id)
    billable = await find_billable(session, key, for_update=True)
    if billable is None or billable.reference_id != command.reference_id:
        raise UnknownBillable(
            f"nothing to invoice for {command.kind} {command.reference_id}",
            reference_id=command.reference_id,
        )
    if billable.cancelled_at is not None:
        raise BillableCancelled(command.kind, command.reference_id)
    already = await invoiced_total(session, billable.id)
    amount = amount_to_invoice(command.amount, billable.price - already)

    other_payer = command.payer_email is not None
    payer_email = normalise_email(command.payer_email or billable.payer_email)
    payer_name = command.payer_name or (payer_email if other_payer else billable.payer_name)
    company_id = command.payer_company_id if other_payer else billable.payer_company_id

    issued_at = uow.clock.now()
    year = numbering_year(issued_at)
    number = format_number(Series.INVOICE, year, await next_sequence(session, Series.INVOICE, year))
    totals = split_vat(amount, uow.settings.vat_rate)
    description = billable.description
    if amount != billable.price:
        description = partial_line(description, amount, billable.price, billable.language)
    company = await find_company(session, company_id)
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
        due_on=due_date(issued_at, uow.settings.payment_terms_days),
        buyer_company_name=company.legal_name if company else None,
        buyer_vat_number=company.vat_number if company else None,
        buyer_registration_number=company.registration_number if company else None,
        buyer_country=company.country if company else None,
        lines=[InvoiceLine(position=1, description=description[:500], amount=amount)],
    )
    session.add(invoice)
    await session.flush()
    log.info("invoice issued", number=number, reference_id=str(billable.reference_id))
    return invoice
