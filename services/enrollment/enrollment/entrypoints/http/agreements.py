"""Companies and their framework agreements (R-B1..R-B3), for staff."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from chassis import problems
from enrollment.domain.commands import RecordAgreement
from enrollment.entrypoints.http.dependencies import Staff, UowDep
from enrollment.entrypoints.http.schemas import AgreementIn, AgreementOut, CompanyOut
from enrollment.handlers import agreements

router = APIRouter(tags=["agreements"])


@router.get("/companies")
async def list_companies(_: Staff, uow: UowDep) -> list[CompanyOut]:
    return [CompanyOut.of(company) for company in await agreements.list_companies(uow)]


@router.post(
    "/companies/{company_id}/agreements",
    status_code=status.HTTP_201_CREATED,
    summary="Record a new version of a company's framework agreement",
    responses=problems.responses(404),
)
async def record_agreement(
    company_id: UUID, body: AgreementIn, staff: Staff, uow: UowDep
) -> AgreementOut:
    command = RecordAgreement(
        company_id=company_id,
        discount_rate=body.discount_rate,
        course_prices=body.course_prices,
        reference=body.reference,
        recorded_by=staff.user_id,
    )
    return AgreementOut.of(await agreements.record_agreement(command, uow))


@router.get("/companies/{company_id}/agreements")
async def list_agreements(company_id: UUID, _: Staff, uow: UowDep) -> list[AgreementOut]:
    return [AgreementOut.of(v) for v in await agreements.list_agreements(company_id, uow)]
