"""Groups and their active participants: the queries (R-I5, R-I8)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from incompany.adapters.tables import Group, Participant
from incompany.domain.access import GroupScope
from incompany.domain.brussels_time import start_of_local_day
from incompany.domain.participants import ACTIVE


def groups_in(scope: GroupScope) -> Select[tuple[Group]]:
    """The groups of a caller's scope (`access.group_scope`)."""
    query = select(Group)
    if scope.every:
        return query
    if scope.company_id is not None:
        return query.where(Group.company_id == scope.company_id)
    if scope.trainer_user_id is not None:
        return query.where(Group.trainer_user_id == scope.trainer_user_id)
    return query.where(Group.id.is_(None))


async def find_groups(
    session: AsyncSession,
    scope: GroupScope,
    *,
    starts_on: date | None = None,
    reference: str | None = None,
    state: str | None = None,
    company_id: UUID | None = None,
) -> list[Group]:
    """R-I5, R-I8: HR finds a group by its start date (Brussels) or its reference."""
    query = groups_in(scope).order_by(Group.starts_at, Group.reference)
    if starts_on is not None:
        day_start = start_of_local_day(starts_on)
        day_end = start_of_local_day(starts_on + timedelta(days=1))
        query = query.where(Group.starts_at >= day_start, Group.starts_at < day_end)
    if reference is not None:
        query = query.where(Group.reference == reference.strip().upper())
    if state is not None:
        query = query.where(Group.state == state)
    if company_id is not None:
        query = query.where(Group.company_id == company_id)
    return list(await session.scalars(query))


async def get_group(
    session: AsyncSession, group_id: UUID, *, for_update: bool = False
) -> Group | None:
    """The group; with `for_update`, locked until the commit (requests that change a
    group or its participants lock it first, then its deadlines)."""
    return await session.get(Group, group_id, with_for_update=for_update)


def active_participants_where(*criteria: ColumnElement[bool]) -> Select[tuple[Participant]]:
    """Active participants matching `criteria`, in the order they were entered."""
    return (
        select(Participant)
        .where(*criteria, Participant.state == ACTIVE)
        .order_by(Participant.added_at, Participant.full_name)
    )


async def active_participants(session: AsyncSession, group_id: UUID) -> list[Participant]:
    return list(await session.scalars(active_participants_where(Participant.group_id == group_id)))
