"""HR attestations' queries (R-A6)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from incompany.adapters.tables import Attestation
from incompany.domain.attestations import APPROVED, PENDING


async def latest_of(session: AsyncSession, user_id: UUID, company_id: UUID) -> Attestation | None:
    """The attestation that decides for the user: the approved or pending one if any
    (a user has at most one, `check_none_standing` sees to it), else the last rejected."""
    rank = case((Attestation.state == APPROVED, 0), (Attestation.state == PENDING, 1), else_=2)
    return await session.scalar(
        select(Attestation)
        .where(Attestation.user_id == user_id, Attestation.company_id == company_id)
        .order_by(rank, Attestation.submitted_at.desc())
        .limit(1)
    )


async def get_attestation(
    session: AsyncSession, attestation_id: UUID, *, for_update: bool = False
) -> Attestation | None:
    return await session.get(Attestation, attestation_id, with_for_update=for_update)


async def list_attestations(session: AsyncSession, state: str | None) -> list[Attestation]:
    query = select(Attestation).order_by(Attestation.submitted_at)
    if state is not None:
        query = query.where(Attestation.state == state)
    return list(await session.scalars(query))
