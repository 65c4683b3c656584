"""Reading issued invoices and credit notes: lists, one invoice, and their PDFs.

Staff see everything; a customer what is billed to their email or company
(`domain/access.py`). No handler here changes an issued document: a correction
is a credit note.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from billing.adapters.documents import visible_documents
from billing.adapters.pdf import render
from billing.adapters.tables import Billable, CreditNote, Invoice
from billing.domain.access import check_may_read
from billing.domain.documents import Buyer, CreditedInvoice, Order, PrintedDocument
from billing.domain.payment_reference import invoice_payment_reference
from billing.domain.queries import ListDocuments, ReadDocument
from billing.domain.refusals import UnknownCreditNote, UnknownInvoice
from billing.handlers import Uow
from chassis.pages import PageRequest


@dataclass(frozen=True)
class Pdf:
    number: str
    content: bytes


async def list_invoices(
    query: ListDocuments, page: PageRequest, uow: Uow
) -> tuple[list[Invoice], str | None]:
    return await visible_documents(uow.session, Invoice, query, page)


async def list_credit_notes(
    query: ListDocuments, page: PageRequest, uow: Uow
) -> tuple[list[CreditNote], str | None]:
    return await visible_documents(uow.session, CreditNote, query, page)


async def read_invoice(query: ReadDocument, uow: Uow) -> Invoice:
    """The invoice, for staff or its payer (404 if none, 403 for anyone else)."""
    invoice = await uow.session.get(Invoice, query.document_id)
    if invoice is None:
        raise UnknownInvoice(query.document_id)
    check_may_read(
        query.principal,
        invoice.payer_email,
        invoice.payer_company_id,
        refusal="this invoice is billed to someone else",
    )
    return invoice


async def print_invoice(query: ReadDocument, uow: Uow) -> Pdf:
    """The invoice as PDF, printed from what was stored at issue."""
    invoice = await read_invoice(query, uow)
    billable = await uow.session.get(Billable, invoice.billable_id)
    printed = invoice_document(invoice, billable)
    return Pdf(invoice.number, await asyncio.to_thread(render, printed, uow.settings.seller()))


async def print_credit_note(query: ReadDocument, uow: Uow) -> Pdf:
    """The credit note as PDF (staff, or its payer), with the lines of the invoice it credits."""
    note = await uow.session.get(CreditNote, query.document_id)
    if note is None:
        raise UnknownCreditNote(query.document_id)
    check_may_read(
        query.principal,
        note.payer_email,
        note.payer_company_id,
        refusal="this credit note is for someone else",
    )
    billable = await uow.session.get(Billable, note.billable_id)
    invoice = invoice_document(note.invoice, billable)
    printed = replace(
        invoice,
        kind="credit_note",
        number=note.number,
        issued_at=note.issued_at,
        net=note.net_amount,
        vat=note.vat_amount,
        vat_rate=note.vat_rate,
        total=note.total_amount,
        due_on=None,
        payment_reference=None,
        credited_invoice=CreditedInvoice(note.invoice.number, note.invoice.issued_at),
        reason=note.reason or None,
    )
    return Pdf(note.number, await asyncio.to_thread(render, printed, uow.settings.seller()))


def invoice_document(invoice: Invoice, billable: Billable | None) -> PrintedDocument:
    """What an invoice says: its stored rows, and what is billed from its billable."""
    return PrintedDocument(
        kind="invoice",
        number=invoice.number,
        issued_at=invoice.issued_at,
        language=invoice.language,
        buyer=Buyer(
            name=invoice.payer_name,
            email=invoice.payer_email,
            company_name=invoice.buyer_company_name,
            vat_number=invoice.buyer_vat_number,
            registration_number=invoice.buyer_registration_number,
            country=invoice.buyer_country,
        ),
        order=Order(invoice.reference_id, billable.group_reference if billable else None),
        lines=[(line.description, line.amount) for line in invoice.lines],
        net=invoice.net_amount,
        vat=invoice.vat_amount,
        vat_rate=invoice.vat_rate,
        total=invoice.total_amount,
        due_on=invoice.due_on,
        payment_reference=invoice_payment_reference(invoice.number),
    )
