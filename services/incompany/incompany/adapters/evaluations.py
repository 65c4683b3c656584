"""Evaluations' queries (R-I12)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incompany.adapters.tables import Evaluation


async def answered(session: AsyncSession, participant_id: UUID) -> bool:
    found = await session.scalar(
        select(Evaluation.id).where(Evaluation.participant_id == participant_id)
    )
    return found is not None


async def evaluations_of_group(session: AsyncSession, group_id: UUID) -> list[Evaluation]:
    return list(await session.scalars(select(Evaluation).where(Evaluation.group_id == group_id)))
