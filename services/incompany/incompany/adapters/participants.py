"""Participants' queries (R-I5, R-I8, R-A7): a number is found through its blind index only."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import Evaluation, Group, Participant
from incompany.domain.participants import ACTIVE


async def get_participant(session: AsyncSession, participant_id: UUID) -> Participant | None:
    return await session.get(Participant, participant_id)


async def by_blind_index(
    session: AsyncSession, group_id: UUID, indexes: list[str]
) -> Participant | None:
    """The person with this number in the group, active or cancelled (one row per person),
    under any of its indexes (the previous key's during a rotation)."""
    return await session.scalar(
        select(Participant)
        .where(Participant.group_id == group_id, Participant.nrn_index.in_(indexes))
        .order_by(Participant.state)  # "active" before "cancelled"
        .limit(1)
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
    session: AsyncSession, group_id: UUID, page: PageRequest, *, all_states: bool
) -> tuple[list[Participant], str | None]:
    """One page of a group's participants, in the order they were entered (by name when
    entered at the same instant)."""
    query = select(Participant).where(Participant.group_id == group_id)
    if not all_states:
        query = query.where(Participant.state == ACTIVE)
    order = [Participant.added_at, Participant.full_name, Participant.id]
    rows = list(await session.scalars(keyset(query, order, page)))
    return cut(rows, page, lambda p: (p.added_at, p.full_name, p.id))


async def participations_by_index(
    session: AsyncSession, indexes: list[str], company_id: UUID | None, page: PageRequest
) -> tuple[list[tuple[Participant, Group]], str | None]:
    """Participations of the person with these blind indexes (in one company's groups),
    by the start of their class."""
    query = (
        select(Participant, Group)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.nrn_index.in_(indexes))
    )
    if company_id is not None:
        query = query.where(Group.company_id == company_id)
    found = await session.execute(keyset(query, [Group.starts_at, Participant.id], page))
    rows = [(p, g) for p, g in found.all()]
    return cut(rows, page, lambda row: (row[1].starts_at, row[0].id))


async def participations_of_email(
    session: AsyncSession, email: str, page: PageRequest, group_state: str | None
) -> tuple[list[tuple[Participant, Group]], str | None]:
    """A participant's own trainings (R-A7, R-I10), found by their login email, by the
    start of their class; of groups in one state when given."""
    query = (
        select(Participant, Group)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.email == email.strip().lower(), Participant.state == ACTIVE)
    )
    if group_state is not None:
        query = query.where(Group.state == group_state)
    found = await session.execute(keyset(query, [Group.starts_at, Participant.id], page))
    rows = [(p, g) for p, g in found.all()]
    return cut(rows, page, lambda row: (row[1].starts_at, row[0].id))


async def answered_among(session: AsyncSession, participant_ids: list[UUID]) -> set[UUID]:
    """Which of these participants have answered their evaluation (R-I12)."""
    if not participant_ids:
        return set()
    found = await session.scalars(
        select(Evaluation.participant_id).where(Evaluation.participant_id.in_(participant_ids))
    )
    return set(found)
