"""Reading issued invoices and credit notes: lists, one invoice, and their PDFs.

Staff see everything; a customer what is billed to their email or company
(`domain/access.py`). No handler here changes an issued document: a correction
is a credit note.
"""

from __future__ import annotations

from dataclasses import dataclass

from billing.adapters.documents import visible_documents
from billing.adapters.pdf import PrintedDocument, Seller, reference_text, render
from billing.adapters.tables import CreditNote, Invoice
from billing.domain.access import check_may_read
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
        raise UnknownInvoice(f"no invoice {query.document_id}")
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
    document = PrintedDocument(
        kind="invoice",
        number=invoice.number,
        issued_at=invoice.issued_at,
        language=invoice.language,
        payer_name=invoice.payer_name,
        payer_email=invoice.payer_email,
        reference=reference_text(invoice.kind, invoice.reference_id),
        lines=[(line.description, line.amount) for line in invoice.lines],
        net=invoice.net_amount,
        vat=invoice.vat_amount,
        vat_rate=invoice.vat_rate,
        total=invoice.total_amount,
    )
    return Pdf(invoice.number, render(document, _seller(uow)))


async def print_credit_note(query: ReadDocument, uow: Uow) -> Pdf:
    """The credit note as PDF (staff, or its payer), with the lines of the invoice it credits."""
    note = await uow.session.get(CreditNote, query.document_id)
    if note is None:
        raise UnknownCreditNote(f"no credit note {query.document_id}")
    check_may_read(
        query.principal,
        note.payer_email,
        note.payer_company_id,
        refusal="this credit note is for someone else",
    )
    document = PrintedDocument(
        kind="credit_note",
        number=note.number,
        issued_at=note.issued_at,
        language=note.language,
        payer_name=note.payer_name,
        payer_email=note.payer_email,
        reference=reference_text(note.kind, note.reference_id),
        lines=[(line.description, line.amount) for line in note.invoice.lines],
        net=note.net_amount,
        vat=note.vat_amount,
        vat_rate=note.vat_rate,
        total=note.total_amount,
        credited_invoice=note.invoice.number,
    )
    return Pdf(note.number, render(document, _seller(uow)))


def _seller(uow: Uow) -> Seller:
    settings = uow.settings
    return Seller(settings.seller_name, settings.seller_address, settings.seller_vat_number)
