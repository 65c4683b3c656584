"""Credit notes over HTTP: list them and download one as PDF (staff, or its payer).

Credit notes are issued by billing itself when a booking is cancelled (R-C5);
no endpoint issues or changes one.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from billing.domain.queries import ListDocuments, ReadDocument
from billing.entrypoints.http import pdf
from billing.entrypoints.http.callers import Reader
from billing.entrypoints.http.schemas import CreditNoteOut
from billing.handlers import documents
from chassis.api import UnitOfWorkDep

router = APIRouter(tags=["billing"])


@router.get("/credit-notes", summary="Credit notes: all for staff, a customer's own otherwise")
async def list_credit_notes(
    principal: Reader,
    uow: UnitOfWorkDep,
    reference_id: Annotated[UUID | None, Query()] = None,
) -> list[CreditNoteOut]:
    notes = await documents.list_credit_notes(ListDocuments(principal, reference_id), uow)
    return [CreditNoteOut.of(n) for n in notes]


@router.get(
    "/credit-notes/{credit_note_id}/pdf",
    summary="Download a credit note as PDF (staff, or its payer)",
    response_class=Response,
    responses=pdf.RESPONSES,
)
async def credit_note_pdf(credit_note_id: UUID, principal: Reader, uow: UnitOfWorkDep) -> Response:
    printed = await documents.print_credit_note(ReadDocument(principal, credit_note_id), uow)
    return pdf.pdf_answer(printed)
