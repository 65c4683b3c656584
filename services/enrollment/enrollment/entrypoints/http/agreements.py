"""Companies and their framework agreements (R-B1..R-B3), for staff."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from chassis import problems
from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from enrollment.domain.commands import RecordAgreement
from enrollment.entrypoints.http.dependencies import Staff, UowDep, created, set_location
from enrollment.entrypoints.http.schemas import AgreementIn, AgreementOut, CompanyOut
from enrollment.handlers import agreements

router = APIRouter(tags=["agreements"])


@router.get("/companies", summary="Companies, by legal name")
async def list_companies(
    _: Staff, uow: UowDep, page: PageRequestDep, request: Request, response: Response
) -> Page[CompanyOut]:
    found, next_cursor = await agreements.list_companies(page, uow)
    return page_answer(request, response, [CompanyOut.of(c) for c in found], next_cursor)


@router.post(
    "/companies/{company_id}/agreements",
    status_code=status.HTTP_201_CREATED,
    summary="Record a new version of a company's framework agreement",
    responses=created(404),
)
async def record_agreement(
    company_id: UUID,
    body: AgreementIn,
    staff: Staff,
    uow: UowDep,
    request: Request,
    response: Response,
) -> AgreementOut:
    command = RecordAgreement(
        company_id=company_id,
        discount_rate=body.discount_rate,
        course_prices=body.course_prices,
        reference=body.reference,
        recorded_by=staff.user_id,
    )
    version = AgreementOut.of(await agreements.record_agreement(command, uow))
    set_location(request, response, "get_agreement", company_id=company_id, agreement_id=version.id)
    return version


@router.get(
    "/companies/{company_id}/agreements",
    summary="The versions of a company's agreement, oldest first",
)
async def list_agreements(
    company_id: UUID,
    _: Staff,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
) -> Page[AgreementOut]:
    found, next_cursor = await agreements.list_agreements(company_id, page, uow)
    return page_answer(request, response, [AgreementOut.of(v) for v in found], next_cursor)


@router.get(
    "/companies/{company_id}/agreements/{agreement_id}",
    summary="One version of a company's agreement",
    responses=problems.responses(404),
)
async def get_agreement(
    company_id: UUID, agreement_id: UUID, _: Staff, uow: UowDep
) -> AgreementOut:
    return AgreementOut.of(await agreements.get_agreement(company_id, agreement_id, uow))
