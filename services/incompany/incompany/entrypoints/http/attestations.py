"""HR attestations over HTTP (R-A6): HR uploads, customer service or admins review.

Reviewing is two actions, `POST /attestations/{id}/approve` and `.../reject`;
`.../approval` and `.../rejection` are their deprecated names (docs/API.md).
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request, Response, UploadFile, status
from pydantic import BaseModel, Field

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from contracts.identity import Role
from incompany.adapters.tables import Attestation
from incompany.domain import access
from incompany.domain.commands import ReviewAttestation, SubmitAttestation
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    Instant,
    UowDep,
    caller,
    created,
    set_location,
)
from incompany.entrypoints.http.documents import download, read_upload
from incompany.handlers import attestations

router = APIRouter(tags=["attestations"])

Hr = caller(Role.HR)
Reviewer = caller(*access.ATTESTATION_REVIEWERS)
HrOrReviewer = caller(Role.HR, *access.ATTESTATION_REVIEWERS)


class AttestationOut(BaseModel):
    id: UUID
    company_id: UUID
    user_id: UUID
    email: str
    full_name: str
    position_title: str
    document_name: str
    content_type: str
    document_size: int
    state: str
    submitted_at: Instant
    reviewed_at: Instant | None
    reviewed_by_email: str | None
    rejection_reason: str | None

    @classmethod
    def of(cls, attestation: Attestation) -> AttestationOut:
        return cls.model_validate(attestation, from_attributes=True)


@router.post(
    "/attestations",
    status_code=status.HTTP_201_CREATED,
    summary="HR uploads the signed attestation of their position (R-A6)",
    responses={**created(409), 409: {"description": "Already approved, or waiting for review"}},
)
async def submit_attestation(
    full_name: Annotated[str, Form(min_length=1, max_length=200)],
    position_title: Annotated[str, Form(min_length=1, max_length=200)],
    document: UploadFile,
    principal: Hr,
    uow: UowDep,
    request: Request,
    response: Response,
) -> AttestationOut:
    upload = await read_upload(document, uow.settings.max_document_bytes)
    command = SubmitAttestation(
        by=principal, full_name=full_name, position_title=position_title, upload=upload
    )
    attestation = await attestations.submit_attestation(command, uow)
    set_location(request, response, "get_attestation", attestation_id=attestation.id)
    return AttestationOut.of(attestation)


@router.get(
    "/attestations/mine",
    summary="The caller's latest attestation and its review",
    responses={404: {"description": "None submitted yet"}},
)
async def my_attestation(principal: Hr, uow: UowDep) -> AttestationOut:
    return AttestationOut.of(await attestations.my_attestation(principal, uow))


@router.get(
    "/attestations",
    summary="Attestations to review, oldest first (customer service, admins)",
)
async def list_attestations(
    _: Reviewer,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    state: Literal["pending", "approved", "rejected"] | None = None,
    company_id: Annotated[UUID | None, Query(description="One company's")] = None,
) -> Page[AttestationOut]:
    found, next_cursor = await attestations.list_attestations(state, company_id, page, uow)
    return page_answer(request, response, [AttestationOut.of(a) for a in found], next_cursor)


@router.get(
    "/attestations/{attestation_id}",
    summary="One attestation and its review (reviewers, or its author)",
    responses=NOT_FOUND,
)
async def get_attestation(
    attestation_id: UUID, principal: HrOrReviewer, uow: UowDep
) -> AttestationOut:
    return AttestationOut.of(await attestations.get_attestation(attestation_id, principal, uow))


@router.get(
    "/attestations/{attestation_id}/document",
    summary="Download an attestation's signed document (reviewers, or its author)",
    response_class=Response,
    responses=NOT_FOUND,
)
async def attestation_document(
    attestation_id: UUID, principal: HrOrReviewer, uow: UowDep
) -> Response:
    attestation = await attestations.get_attestation(attestation_id, principal, uow)
    return download(attestation.document, attestation.content_type, attestation.document_name)


@router.post(
    "/attestations/{attestation_id}/approve",
    summary="Approve an attestation: the HR user may now manage participants (R-A6)",
    responses=NOT_FOUND,
)
@router.post(
    "/attestations/{attestation_id}/approval",
    summary="Deprecated: POST /attestations/{attestation_id}/approve",
    deprecated=True,
    responses=NOT_FOUND,
)
async def approve(attestation_id: UUID, principal: Reviewer, uow: UowDep) -> AttestationOut:
    command = ReviewAttestation(by=principal, attestation_id=attestation_id, approve=True)
    return AttestationOut.of(await attestations.review(command, uow))


class RejectionIn(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


@router.post(
    "/attestations/{attestation_id}/reject",
    summary="Reject an attestation, saying why; the HR user may submit another",
    responses=NOT_FOUND,
)
@router.post(
    "/attestations/{attestation_id}/rejection",
    summary="Deprecated: POST /attestations/{attestation_id}/reject",
    deprecated=True,
    responses=NOT_FOUND,
)
async def reject(
    attestation_id: UUID, body: RejectionIn, principal: Reviewer, uow: UowDep
) -> AttestationOut:
    command = ReviewAttestation(
        by=principal, attestation_id=attestation_id, approve=False, reason=body.reason
    )
    return AttestationOut.of(await attestations.review(command, uow))
