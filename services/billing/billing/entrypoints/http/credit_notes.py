"""Credit notes over HTTP: list them and download one as PDF (staff, or its payer).

Credit notes are issued by billing itself when a booking is cancelled (R-C5);
no endpoint issues or changes one.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from billing.domain.queries import ListDocuments, ReadDocument
from billing.entrypoints.http import pdf
from billing.entrypoints.http.callers import Reader, Since, Until
from billing.entrypoints.http.schemas import CreditNoteOut
from billing.handlers import documents
from chassis.api import PageRequestDep, PrincipalDep, UnitOfWorkDep, page_answer
from chassis.pages import Page

router = APIRouter(tags=["billing"])


@router.get(
    "/credit-notes",
    summary="Credit notes in issue order: all for staff, a customer's own otherwise, an empty "
    "page for anyone else",
)
async def list_credit_notes(
    principal: PrincipalDep,
    uow: UnitOfWorkDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    reference_id: Annotated[UUID | None, Query()] = None,
    issued_from: Since = None,
    issued_until: Until = None,
) -> Page[CreditNoteOut]:
    query = ListDocuments(principal, reference_id, issued_from, issued_until)
    found, next_cursor = await documents.list_credit_notes(query, page, uow)
    return page_answer(request, response, [CreditNoteOut.of(n) for n in found], next_cursor)


@router.get(
    "/credit-notes/{credit_note_id}/pdf",
    summary="Download a credit note as PDF (staff, or its payer)",
    response_class=Response,
    responses=pdf.RESPONSES,
)
async def credit_note_pdf(credit_note_id: UUID, principal: Reader, uow: UnitOfWorkDep) -> Response:
    printed = await documents.print_credit_note(ReadDocument(principal, credit_note_id), uow)
    return pdf.pdf_answer(printed)
