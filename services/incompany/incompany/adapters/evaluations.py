"""Evaluations' queries (R-I12)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import Evaluation


def ratings_of(evaluation: Evaluation) -> dict[str, int]:
    """The stored answer's rating on each criterion of `domain.ratings.CRITERIA` (R-I12):
    the one place that knows which column holds which criterion."""
    return {
        "content": evaluation.content_rating,
        "trainer": evaluation.trainer_rating,
        "organisation": evaluation.organisation_rating,
        "platform": evaluation.platform_rating,
    }


async def answered(session: AsyncSession, participant_id: UUID) -> bool:
    found = await session.scalar(
        select(Evaluation.id).where(Evaluation.participant_id == participant_id)
    )
    return found is not None


async def answer_of(session: AsyncSession, participant_id: UUID) -> Evaluation | None:
    return await session.scalar(
        select(Evaluation).where(Evaluation.participant_id == participant_id)
    )


async def page_of_answers(
    session: AsyncSession, group_id: UUID, page: PageRequest, *, commented: bool | None
) -> tuple[list[Evaluation], str | None]:
    """A group's answers in the order they came; only those with (or without) a comment."""
    query = select(Evaluation).where(Evaluation.group_id == group_id)
    if commented is not None:
        query = query.where((Evaluation.comment != "") if commented else (Evaluation.comment == ""))
    order = [Evaluation.submitted_at, Evaluation.id]
    rows = list(await session.scalars(keyset(query, order, page)))
    return cut(rows, page, lambda e: (e.submitted_at, e.id))


async def evaluations_of_group(session: AsyncSession, group_id: UUID) -> list[Evaluation]:
    return list(await session.scalars(select(Evaluation).where(Evaluation.group_id == group_id)))
