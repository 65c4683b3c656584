"""Groups and their active participants: the queries (R-I5, R-I8)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import Group, Participant
from incompany.domain.access import GroupScope
from incompany.domain.brussels_time import start_of_local_day
from incompany.domain.participants import ACTIVE


@dataclass(frozen=True)
class GroupFilters:
    """What a list of groups is narrowed to; None: any. Days are Brussels calendar days."""

    starts_on: date | None = None
    starts_from: date | None = None
    starts_until: date | None = None
    """Inclusive: groups starting on this day are in."""
    reference: str | None = None
    state: str | None = None
    company_id: UUID | None = None
    course_code: str | None = None
    request_id: UUID | None = None


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
    session: AsyncSession, scope: GroupScope, filters: GroupFilters, page: PageRequest
) -> tuple[list[Group], str | None]:
    """R-I5, R-I8: HR finds a group by its start date (Brussels) or its reference; one
    page of the caller's groups, by start."""
    query = groups_in(scope)
    for day in (filters.starts_on, filters.starts_from):
        if day is not None:
            query = query.where(Group.starts_at >= start_of_local_day(day))
    for day in (filters.starts_on, filters.starts_until):
        if day is not None:
            query = query.where(Group.starts_at < start_of_local_day(day + timedelta(days=1)))
    if filters.reference is not None:
        query = query.where(Group.reference == filters.reference.strip().upper())
    if filters.state is not None:
        query = query.where(Group.state == filters.state)
    if filters.company_id is not None:
        query = query.where(Group.company_id == filters.company_id)
    if filters.course_code is not None:
        query = query.where(Group.course_code == filters.course_code.strip().upper())
    if filters.request_id is not None:
        query = query.where(Group.request_id == filters.request_id)
    rows = list(await session.scalars(keyset(query, [Group.starts_at, Group.id], page)))
    return cut(rows, page, lambda g: (g.starts_at, g.id))


async def active_counts(session: AsyncSession, group_ids: Collection[UUID]) -> dict[UUID, int]:
    """How many active participants each group has (0 for a group with none)."""
    if not group_ids:
        return {}
    rows = await session.execute(
        select(Participant.group_id, func.count())
        .where(Participant.group_id.in_(list(group_ids)), Participant.state == ACTIVE)
        .group_by(Participant.group_id)
    )
    counts = {group_id: 0 for group_id in group_ids}
    counts.update({group_id: int(count) for group_id, count in rows.all()})
    return counts


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
