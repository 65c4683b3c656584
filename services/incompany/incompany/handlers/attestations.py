"""HR attestations (R-A6): an HR user attests their position; staff approve or reject.

Until their latest attestation is approved, an HR user may request training
but not manage participants nor cancel groups (`require_approved_hr`).
"""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy import case, select

from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.identity import Role
from incompany.adapters.tables import Attestation
from incompany.domain import documents
from incompany.domain.refusals import Conflict, Forbidden, NotFound, Refused

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


async def latest_of(uow: UnitOfWork, user_id: UUID, company_id: UUID) -> Attestation | None:
    """The attestation that decides for the user: the approved or pending one if any
    (a user has at most one, `submit_attestation` sees to it), else the last rejected."""
    rank = case((Attestation.state == APPROVED, 0), (Attestation.state == PENDING, 1), else_=2)
    return await uow.session.scalar(
        select(Attestation)
        .where(Attestation.user_id == user_id, Attestation.company_id == company_id)
        .order_by(rank, Attestation.submitted_at.desc())
        .limit(1)
    )


async def submit_attestation(
    uow: UnitOfWork,
    principal: Principal,
    *,
    full_name: str,
    position_title: str,
    upload: documents.Upload,
    max_bytes: int,
) -> Attestation:
    if principal.company_id is None:
        raise Refused("company: an attestation belongs to a company's HR user")
    if not full_name.strip():
        raise Refused("full_name: is required")
    if not position_title.strip():
        raise Refused("position_title: is required")
    upload = documents.checked(upload, max_bytes=max_bytes)
    latest = await latest_of(uow, principal.user_id, principal.company_id)
    if latest is not None and latest.state == APPROVED:
        raise Conflict("attestation: yours is already approved")
    if latest is not None and latest.state == PENDING:
        raise Conflict("attestation: yours is waiting for review")
    attestation = Attestation(
        id=uuid.uuid4(),
        company_id=principal.company_id,
        user_id=principal.user_id,
        email=principal.email.lower(),
        full_name=full_name.strip()[:200],
        position_title=position_title.strip()[:200],
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


async def get_attestation(
    uow: UnitOfWork, attestation_id: UUID, *, for_update: bool = False
) -> Attestation:
    attestation = await uow.session.get(Attestation, attestation_id, with_for_update=for_update)
    if attestation is None:
        raise NotFound(f"no attestation {attestation_id}")
    return attestation


async def review(
    uow: UnitOfWork,
    attestation_id: UUID,
    reviewer: Principal,
    *,
    approve: bool,
    reason: str = "",
) -> Attestation:
    attestation = await get_attestation(uow, attestation_id, for_update=True)
    if attestation.state != PENDING:
        raise Conflict(f"attestation: already {attestation.state}")
    if not approve and not reason.strip():
        raise Refused("reason: say why the attestation is rejected")
    attestation.state = APPROVED if approve else REJECTED
    attestation.reviewed_at = uow.clock.now()
    attestation.reviewed_by_email = reviewer.email.lower()
    attestation.rejection_reason = None if approve else reason.strip()[:1000]
    await uow.commit()
    return attestation


async def list_attestations(uow: UnitOfWork, state: str | None) -> list[Attestation]:
    query = select(Attestation).order_by(Attestation.submitted_at)
    if state is not None:
        query = query.where(Attestation.state == state)
    return list(await uow.session.scalars(query))


async def require_approved_hr(uow: UnitOfWork, principal: Principal) -> None:
    """R-A6: an HR user manages participants and groups only once attested and approved."""
    if not principal.has_any(Role.HR) or principal.company_id is None:
        raise Forbidden("this action needs one of: hr")
    latest = await latest_of(uow, principal.user_id, principal.company_id)
    if latest is None or latest.state != APPROVED:
        state = "missing" if latest is None else latest.state
        raise Forbidden(
            f"attestation: your HR attestation is {state}; participants and groups can be "
            "managed once staff have approved it (R-A6)"
        )
