"""The billing REST API: issue invoices (staff), list and download invoices and credit notes.

No endpoint changes an issued invoice or credit note: a correction is a credit
note. Every endpoint needs a token (401 without); see `access.py` for 403.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from pydantic import BaseModel, EmailStr, Field
from sqlalchemy import Select, or_, select

from billing.access import BILLING_STAFF, READERS, may_read, sees_everything
from billing.amounts import ZERO, AmountExceedsRemaining, AmountRefused
from billing.billables import NoKeyForReference, find_billable, invoiced_total, key_of_reference
from billing.invoicing import BillableCancelled, IssueInvoice, UnknownBillable, issue_invoice
from billing.models import CreditNote, Invoice
from billing.pdf import PrintedDocument, Seller, reference_text, render
from billing.settings import BillingSettings, billing_settings
from chassis.api import RuntimeDep, UnitOfWorkDep, require_roles
from chassis.tokens import Principal
from contracts.billing import BillableKind

router = APIRouter(tags=["billing"])

Staff = Annotated[Principal, Depends(require_roles(*BILLING_STAFF))]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]


class InvoiceRequest(BaseModel):
    reference_id: UUID
    kind: BillableKind = "public_booking"
    amount: Decimal | None = Field(
        default=None, description="EUR, VAT included; default: all that is left to invoice"
    )
    payer_name: str | None = Field(default=None, min_length=1, max_length=200)
    payer_email: EmailStr | None = Field(
        default=None, description="Another payer than the booking's, e.g. to split the price"
    )
    payer_company_id: UUID | None = Field(
        default=None, description="With payer_email: the company whose users may see it"
    )


class LineOut(BaseModel):
    position: int
    description: str
    amount: Decimal


class InvoiceOut(BaseModel):
    id: UUID
    number: str
    kind: str
    reference_id: UUID
    issued_at: datetime
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: str
    vat_rate: Decimal
    net_amount: Decimal
    vat_amount: Decimal
    total_amount: Decimal
    lines: list[LineOut]

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceOut:
        return cls.model_validate(invoice, from_attributes=True)


class CreditNoteOut(BaseModel):
    id: UUID
    number: str
    invoice_id: UUID
    kind: str
    reference_id: UUID
    issued_at: datetime
    reason: str
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: str
    vat_rate: Decimal
    net_amount: Decimal
    vat_amount: Decimal
    total_amount: Decimal

    @classmethod
    def of(cls, note: CreditNote) -> CreditNoteOut:
        return cls.model_validate(note, from_attributes=True)


class BillableOut(BaseModel):
    kind: str
    reference_id: UUID
    price: Decimal
    invoiced_total: Decimal
    left_to_invoice: Decimal
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    cancelled_at: datetime | None


async def _settings(runtime: RuntimeDep) -> BillingSettings:
    return billing_settings(runtime.settings)


SettingsDep = Annotated[BillingSettings, Depends(_settings)]


@router.post(
    "/invoices",
    status_code=status.HTTP_201_CREATED,
    summary="Issue an invoice for all or part of a billable's price (staff, R-C4)",
    responses={
        404: {"description": "Nothing billable with this reference"},
        409: {"description": "Cancelled, or the amount exceeds what is left to invoice"},
        422: {"description": "The amount is not positive or has more than 2 decimals"},
    },
)
async def create_invoice(
    body: InvoiceRequest, _: Staff, uow: UnitOfWorkDep, settings: SettingsDep
) -> InvoiceOut:
    command = IssueInvoice(
        reference_id=body.reference_id,
        kind=body.kind,
        amount=body.amount,
        payer_name=body.payer_name,
        payer_email=str(body.payer_email) if body.payer_email else None,
        payer_company_id=body.payer_company_id,
        vat_rate=settings.vat_rate,
    )
    try:
        invoice = await issue_invoice(command, uow)
    except UnknownBillable as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    except AmountRefused as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except (BillableCancelled, AmountExceedsRemaining) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    await uow.commit()
    return InvoiceOut.of(invoice)


def _visible(query: Select, model: type[Invoice] | type[CreditNote], who: Principal) -> Select:
    """Staff see everything; a customer what is billed to their email or company."""
    if sees_everything(who):
        return query
    mine = [model.payer_email == who.email.lower()]
    if who.company_id is not None:
        mine.append(model.payer_company_id == who.company_id)
    return query.where(or_(*mine))


@router.get("/invoices", summary="Invoices: all for staff, a customer's own otherwise")
async def list_invoices(
    principal: Reader,
    uow: UnitOfWorkDep,
    reference_id: Annotated[UUID | None, Query()] = None,
) -> list[InvoiceOut]:
    query = select(Invoice).order_by(Invoice.issued_at, Invoice.number)
    if reference_id is not None:
        query = query.where(Invoice.reference_id == reference_id)
    invoices = await uow.session.scalars(_visible(query, Invoice, principal))
    return [InvoiceOut.of(i) for i in invoices]


async def _readable_invoice(invoice_id: UUID, principal: Principal, uow: UnitOfWorkDep) -> Invoice:
    invoice = await uow.session.get(Invoice, invoice_id)
    if invoice is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no invoice {invoice_id}")
    if not may_read(principal, invoice.payer_email, invoice.payer_company_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this invoice is billed to someone else")
    return invoice


@router.get("/invoices/{invoice_id}", summary="One invoice (staff, or its payer)")
async def get_invoice(invoice_id: UUID, principal: Reader, uow: UnitOfWorkDep) -> InvoiceOut:
    return InvoiceOut.of(await _readable_invoice(invoice_id, principal, uow))


def _seller(settings: BillingSettings) -> Seller:
    return Seller(settings.seller_name, settings.seller_address, settings.seller_vat_number)


def _pdf(content: bytes, number: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{number}.pdf"'},
    )


@router.get(
    "/invoices/{invoice_id}/pdf",
    summary="Download an invoice as PDF (staff, or its payer)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def invoice_pdf(
    invoice_id: UUID, principal: Reader, uow: UnitOfWorkDep, settings: SettingsDep
) -> Response:
    invoice = await _readable_invoice(invoice_id, principal, uow)
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
    return _pdf(render(document, _seller(settings)), invoice.number)


@router.get("/credit-notes", summary="Credit notes: all for staff, a customer's own otherwise")
async def list_credit_notes(
    principal: Reader,
    uow: UnitOfWorkDep,
    reference_id: Annotated[UUID | None, Query()] = None,
) -> list[CreditNoteOut]:
    query = select(CreditNote).order_by(CreditNote.issued_at, CreditNote.number)
    if reference_id is not None:
        query = query.where(CreditNote.reference_id == reference_id)
    notes = await uow.session.scalars(_visible(query, CreditNote, principal))
    return [CreditNoteOut.of(n) for n in notes]


@router.get(
    "/credit-notes/{credit_note_id}/pdf",
    summary="Download a credit note as PDF (staff, or its payer)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def credit_note_pdf(
    credit_note_id: UUID, principal: Reader, uow: UnitOfWorkDep, settings: SettingsDep
) -> Response:
    note = await uow.session.get(CreditNote, credit_note_id)
    if note is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no credit note {credit_note_id}")
    if not may_read(principal, note.payer_email, note.payer_company_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this credit note is for someone else")
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
    return _pdf(render(document, _seller(settings)), note.number)


@router.get(
    "/billables/{reference_id}",
    summary="What a booking costs, what is invoiced and what is left (staff)",
)
async def get_billable(
    reference_id: UUID,
    _: Staff,
    uow: UnitOfWorkDep,
    kind: Annotated[BillableKind, Query()] = "public_booking",
) -> BillableOut:
    try:
        billable = await find_billable(uow, key_of_reference(kind, reference_id))
    except NoKeyForReference as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    if billable is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"nothing billable for {kind} {reference_id}"
        )
    invoiced = await invoiced_total(uow, billable.id)
    left = billable.price - invoiced if billable.cancelled_at is None else ZERO
    return BillableOut(
        kind=billable.kind,
        reference_id=billable.reference_id,
        price=billable.price,
        invoiced_total=invoiced,
        left_to_invoice=left,
        payer_name=billable.payer_name,
        payer_email=billable.payer_email,
        payer_company_id=billable.payer_company_id,
        cancelled_at=billable.cancelled_at,
    )
