"""Invoices over HTTP: issue one (staff), list them, read one, download its PDF.

No endpoint changes an issued invoice: a correction is a credit note. Every
endpoint needs a token (401 without); see `domain/access.py` for 403.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from billing.domain.commands import IssueInvoice
from billing.domain.queries import ListDocuments, ReadDocument
from billing.entrypoints.http import pdf
from billing.entrypoints.http.callers import (
    LOCATION,
    Reader,
    Since,
    Staff,
    Until,
    set_location,
)
from billing.entrypoints.http.schemas import InvoiceOut, InvoiceRequest
from billing.handlers import documents, invoicing
from chassis import problems
from chassis.api import PageRequestDep, PrincipalDep, UnitOfWorkDep, page_answer
from chassis.pages import Page

router = APIRouter(tags=["billing"])


@router.post(
    "/invoices",
    status_code=status.HTTP_201_CREATED,
    summary="Issue an invoice for all or part of a billable's price (staff, R-C4)",
    responses={
        201: {"headers": LOCATION},
        404: {"model": problems.Problem, "description": "Nothing billable with this reference"},
        409: {
            "model": problems.Problem,
            "description": "Cancelled, or the amount exceeds what is left to invoice",
        },
        422: {
            "model": problems.Problem,
            "description": "The amount is not positive or has more than 2 decimals",
        },
    },
)
async def create_invoice(
    body: InvoiceRequest, _: Staff, uow: UnitOfWorkDep, request: Request, response: Response
) -> InvoiceOut:
    command = IssueInvoice(
        reference_id=body.reference_id,
        kind=body.kind,
        amount=body.amount,
        payer_name=body.payer_name,
        payer_email=str(body.payer_email) if body.payer_email else None,
        payer_company_id=body.payer_company_id,
    )
    invoice = InvoiceOut.of(await invoicing.issue_invoice(command, uow))
    set_location(request, response, "get_invoice", invoice_id=invoice.id)
    return invoice


@router.get(
    "/invoices",
    summary="Invoices in issue order: all for staff, a customer's own otherwise (billed to "
    "their verified email or their company), an empty page for anyone else",
)
async def list_invoices(
    principal: PrincipalDep,
    uow: UnitOfWorkDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    reference_id: Annotated[UUID | None, Query()] = None,
    issued_from: Since = None,
    issued_until: Until = None,
) -> Page[InvoiceOut]:
    query = ListDocuments(principal, reference_id, issued_from, issued_until)
    found, next_cursor = await documents.list_invoices(query, page, uow)
    return page_answer(request, response, [InvoiceOut.of(i) for i in found], next_cursor)


@router.get(
    "/invoices/{invoice_id}",
    summary="One invoice (staff, or its payer)",
    responses=problems.responses(403, 404),
)
async def get_invoice(invoice_id: UUID, principal: Reader, uow: UnitOfWorkDep) -> InvoiceOut:
    return InvoiceOut.of(await documents.read_invoice(ReadDocument(principal, invoice_id), uow))


@router.get(
    "/invoices/{invoice_id}/pdf",
    summary="Download an invoice as PDF (staff, or its payer)",
    response_class=Response,
    responses=pdf.RESPONSES,
)
async def invoice_pdf(invoice_id: UUID, principal: Reader, uow: UnitOfWorkDep) -> Response:
    printed = await documents.print_invoice(ReadDocument(principal, invoice_id), uow)
    return pdf.pdf_answer(printed)
