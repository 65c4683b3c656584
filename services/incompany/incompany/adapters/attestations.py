"""HR attestations' queries (R-A6)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from chassis.pages import PageRequest, cut, keyset
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


async def list_attestations(
    session: AsyncSession, page: PageRequest, state: str | None, company_id: UUID | None
) -> tuple[list[Attestation], str | None]:
    """Attestations in the order they were submitted (the oldest waits longest), without
    their documents."""
    query = select(Attestation).options(defer(Attestation.document))
    if state is not None:
        query = query.where(Attestation.state == state)
    if company_id is not None:
        query = query.where(Attestation.company_id == company_id)
    order = [Attestation.submitted_at, Attestation.id]
    rows = list(await session.scalars(keyset(query, order, page)))
    return cut(rows, page, lambda a: (a.submitted_at, a.id))
