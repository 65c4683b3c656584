"""Participants' queries (R-I5, R-I8, R-A7): a number is found through its blind index only."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incompany.adapters.tables import Group, Participant
from incompany.domain.participants import ACTIVE


async def get_participant(session: AsyncSession, participant_id: UUID) -> Participant | None:
    return await session.get(Participant, participant_id)


async def by_blind_index(session: AsyncSession, group_id: UUID, index: str) -> Participant | None:
    """The person with this number in the group, active or cancelled (one row per person)."""
    return await session.scalar(
        select(Participant).where(Participant.group_id == group_id, Participant.nrn_index == index)
    )


async def email_taken(session: AsyncSession, group_id: UUID, email: str) -> bool:
    """Whether an active participant of the group has this (lower-case) email."""
    found = await session.scalar(
        select(Participant.id).where(
            Participant.group_id == group_id,
            Participant.email == email,
            Participant.state == ACTIVE,
        )
    )
    return found is not None


async def participants_of(
    session: AsyncSession, group_id: UUID, *, all_states: bool
) -> list[Participant]:
    query = (
        select(Participant)
        .where(Participant.group_id == group_id)
        .order_by(Participant.added_at, Participant.full_name)
    )
    if not all_states:
        query = query.where(Participant.state == ACTIVE)
    return list(await session.scalars(query))


async def participations_by_index(
    session: AsyncSession, index: str, company_id: UUID | None
) -> list[tuple[Participant, Group]]:
    """Every participation of the person with this blind index (in one company's groups)."""
    query = (
        select(Participant, Group)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.nrn_index == index)
        .order_by(Group.starts_at)
    )
    if company_id is not None:
        query = query.where(Group.company_id == company_id)
    return [(p, g) for p, g in (await session.execute(query)).all()]


async def participations_of_email(
    session: AsyncSession, email: str
) -> list[tuple[Participant, Group]]:
    """A participant's own trainings (R-A7, R-I10), found by their login email."""
    query = (
        select(Participant, Group)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.email == email.strip().lower(), Participant.state == ACTIVE)
        .order_by(Group.starts_at)
    )
    return [(p, g) for p, g in (await session.execute(query)).all()]
