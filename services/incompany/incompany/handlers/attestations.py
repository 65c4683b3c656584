"""HR attestations (R-A6): an HR user attests their position; staff approve or reject.

Until their latest attestation is approved, an HR user may request training
but not manage participants nor cancel groups (`require_approved_hr`).
"""

from __future__ import annotations

import uuid
from uuid import UUID

from chassis.pages import PageRequest
from chassis.tokens import Principal
from incompany.adapters import attestations
from incompany.adapters.tables import Attestation
from incompany.domain import access, documents
from incompany.domain.attestations import (
    APPROVED,
    PENDING,
    REJECTED,
    check_approved,
    check_none_standing,
    check_review,
    check_submission,
    hr_company,
)
from incompany.domain.commands import ReviewAttestation, SubmitAttestation
from incompany.domain.refusals import CompanyAccountRequired, UnknownAttestation
from incompany.handlers import Uow


async def submit_attestation(command: SubmitAttestation, uow: Uow) -> Attestation:
    max_bytes = uow.settings.max_document_bytes
    documents.check_size(command.upload, max_bytes=max_bytes)
    by = command.by
    if by.company_id is None:
        raise CompanyAccountRequired("company: an attestation belongs to a company's HR user")
    check_submission(command.full_name, command.position_title)
    upload = documents.checked(command.upload, max_bytes=max_bytes)
    latest = await attestations.latest_of(uow.session, by.user_id, by.company_id)
    check_none_standing(latest.state if latest else None)
    attestation = Attestation(
        id=uuid.uuid4(),
        company_id=by.company_id,
        user_id=by.user_id,
        email=by.email.lower(),
        full_name=command.full_name.strip()[:200],
        position_title=command.position_title.strip()[:200],
        document=upload.content,
        document_name=upload.name,
        content_type=upload.content_type,
        document_size=len(upload.content),
        document_sha256=upload.sha256,
        state=PENDING,
        submitted_at=uow.clock.now(),
    )
    uow.session.add(attestation)
    await uow.commit()
    return attestation


async def review(command: ReviewAttestation, uow: Uow) -> Attestation:
    attestation = await attestations.get_attestation(
        uow.session, command.attestation_id, for_update=True
    )
    if attestation is None:
        raise UnknownAttestation(f"no attestation {command.attestation_id}")
    check_review(attestation.state, approve=command.approve, reason=command.reason)
    attestation.state = APPROVED if command.approve else REJECTED
    attestation.reviewed_at = uow.clock.now()
    attestation.reviewed_by_email = command.by.email.lower()
    attestation.rejection_reason = None if command.approve else command.reason.strip()[:1000]
    await uow.commit()
    return attestation


async def my_attestation(by: Principal, uow: Uow) -> Attestation:
    """The caller's latest attestation, the one that decides (`latest_of`)."""
    latest = (
        await attestations.latest_of(uow.session, by.user_id, by.company_id)
        if by.company_id
        else None
    )
    if latest is None:
        raise UnknownAttestation("attestation: you have not submitted one yet")
    return latest


async def list_attestations(
    state: str | None, company_id: UUID | None, page: PageRequest, uow: Uow
) -> tuple[list[Attestation], str | None]:
    """For reviewers: the oldest first, of one state or company when asked."""
    return await attestations.list_attestations(uow.session, page, state, company_id)


async def get_attestation(attestation_id: UUID, by: Principal, uow: Uow) -> Attestation:
    """An attestation with its document, for its reviewers and its author; 404 otherwise."""
    attestation = await attestations.get_attestation(uow.session, attestation_id)
    if attestation is None or not access.sees_attestation(by, attestation.user_id):
        raise UnknownAttestation(f"no attestation {attestation_id}")
    return attestation


async def require_approved_hr(by: Principal, uow: Uow) -> None:
    """R-A6: an HR user manages participants and groups only once attested and approved."""
    company_id = hr_company(by)
    latest = await attestations.latest_of(uow.session, by.user_id, company_id)
    check_approved(latest.state if latest else None)


async def require_approved_if_company_user(by: Principal, uow: Uow) -> None:
    """Company users act on groups once approved (R-A6); staff need no attestation."""
    if access.acts_for_company(by):
        await require_approved_hr(by, uow)
