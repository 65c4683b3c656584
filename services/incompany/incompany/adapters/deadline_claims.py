"""The deadline scan's queries: claim due rows, lock their groups, settle them in bulk.

Bulk queries take their ids as one PostgreSQL array (`= ANY(:ids)`): one
parameter whatever the batch's size, so one prepared statement serves every
batch. How the scan uses them: `handlers/deadlines.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Row, any_, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from incompany.adapters.groups import active_participants_where
from incompany.adapters.tables import Deadline, Group, Participant
from incompany.domain.deadlines import DeadlineState

SCHEDULED = DeadlineState.SCHEDULED.value
DONE = DeadlineState.DONE.value

DueRow = Row[tuple[int, UUID, str, UUID | None, datetime, int]]
"""A claimed deadline: id, group_id, kind, participant_id, due_at, attempts."""


async def claim_due(
    session: AsyncSession, now: datetime, size: int, deadline_id: int | None = None
) -> Sequence[DueRow]:
    """Up to `size` due deadlines (or the one `deadline_id`, if due), locked until the
    commit; rows another scan holds are skipped (`FOR UPDATE SKIP LOCKED`)."""
    query = (
        select(
            Deadline.id,
            Deadline.group_id,
            Deadline.kind,
            Deadline.participant_id,
            Deadline.due_at,
            Deadline.attempts,
        )
        .where(
            Deadline.state == SCHEDULED,
            Deadline.due_at <= now,
            or_(Deadline.retry_at.is_(None), Deadline.retry_at <= now),
        )
        .order_by(Deadline.due_at, Deadline.id)
        .limit(size)
        .with_for_update(skip_locked=True)
    )
    if deadline_id is not None:
        query = query.where(Deadline.id == deadline_id)
    return (await session.execute(query)).all()


async def lock_free_groups(session: AsyncSession, ids: Collection[UUID]) -> dict[UUID, Group]:
    """The groups among `ids` that no one else holds, locked until the commit."""
    found = await session.scalars(
        select(Group).where(_among(session, Group.id, ids)).with_for_update(skip_locked=True)
    )
    return {group.id: group for group in found}


async def participants_by_id(
    session: AsyncSession, ids: Collection[UUID]
) -> dict[UUID, Participant]:
    if not ids:
        return {}
    found = await session.scalars(select(Participant).where(_among(session, Participant.id, ids)))
    return {participant.id: participant for participant in found}


async def active_participants_by_group(
    session: AsyncSession, group_ids: Collection[UUID]
) -> dict[UUID, list[Participant]]:
    """Each group's active participants, in the order they were entered."""
    by_group: dict[UUID, list[Participant]] = defaultdict(list)
    if not group_ids:
        return by_group
    found = await session.scalars(
        active_participants_where(_among(session, Participant.group_id, group_ids))
    )
    for participant in found:
        by_group[participant.group_id].append(participant)
    return by_group


async def settle(session: AsyncSession, ids: Collection[int], state: str, now: datetime) -> int:
    """Set the still scheduled rows among `ids` to `state`; how many were changed."""
    result = await session.execute(
        update(Deadline)
        .where(_among(session, Deadline.id, ids), Deadline.state == SCHEDULED)
        .values(
            state=state,
            fired_at=now if state == DONE else None,
            updated_at=now,
            retry_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def postpone(
    session: AsyncSession, deadline_id: int, now: datetime, delay: timedelta, reason: str
) -> None:
    """Count a failed firing on its row, to be retried after `delay`."""
    await session.execute(
        update(Deadline)
        .where(Deadline.id == deadline_id, Deadline.state == SCHEDULED)
        .values(
            attempts=Deadline.attempts + 1,
            retry_at=now + delay,
            last_error=reason,
            updated_at=now,
        )
    )


def _among(
    session: AsyncSession, column: InstrumentedAttribute[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """`column IN values`; on PostgreSQL as `= ANY(:array)`: one parameter whatever the
    batch's size, so one prepared statement serves every batch, and cheaper to build."""
    if session.bind is None or session.bind.dialect.name != "postgresql":
        return column.in_(values)
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
