"""The `deadlines` rows of a group: created with it, moved with it, cancelled with it.

Every change happens in the caller's unit of work, so a group and its
deadlines are always consistent. A row that already fired (done) or was
missed keeps its state: a deadline fires at most once, even if the group
moves afterwards (the move itself is announced, `incompany.group.rescheduled.v1`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import Deadline, Group, Participant
from incompany.domain.deadlines import (
    GROUP_KINDS,
    GROUP_SUBJECT,
    PARTICIPANT_KINDS,
    DeadlineKind,
    DeadlineState,
    Delays,
    due_at,
)

SCHEDULED = DeadlineState.SCHEDULED.value
CANCELLED = DeadlineState.CANCELLED.value


async def _ensure(
    session: AsyncSession,
    now: datetime,
    group: Group,
    kind: DeadlineKind,
    delays: Delays,
    participant: Participant | None = None,
) -> None:
    subject = str(participant.id) if participant else GROUP_SUBJECT
    due = due_at(kind, group.starts_at, group.ends_at, delays)
    existing = await session.scalar(
        select(Deadline).where(
            Deadline.group_id == group.id, Deadline.kind == kind.value, Deadline.subject == subject
        )
    )
    if existing is None:
        session.add(
            Deadline(
                group_id=group.id,
                kind=kind.value,
                subject=subject,
                participant_id=participant.id if participant else None,
                due_at=due,
                state=SCHEDULED,
                attempts=0,
                updated_at=now,
            )
        )
    elif existing.state == CANCELLED:
        # A participant entered again after being cancelled: their deadlines apply again.
        existing.state = SCHEDULED
        existing.due_at = due
        existing.attempts, existing.retry_at, existing.last_error = 0, None, None
        existing.updated_at = now


async def schedule_group(
    session: AsyncSession, now: datetime, group: Group, delays: Delays
) -> None:
    for kind in GROUP_KINDS:
        await _ensure(session, now, group, kind, delays)
    await session.flush()


async def schedule_participant(
    session: AsyncSession, now: datetime, group: Group, participant: Participant, delays: Delays
) -> None:
    for kind in PARTICIPANT_KINDS:
        await _ensure(session, now, group, kind, delays, participant)
    await session.flush()


async def move_group(session: AsyncSession, now: datetime, group: Group, delays: Delays) -> None:
    """Recompute the due instant of every still scheduled deadline after the group moved."""
    rows = await session.scalars(
        select(Deadline).where(Deadline.group_id == group.id, Deadline.state == SCHEDULED)
    )
    for row in rows:
        row.due_at = due_at(DeadlineKind(row.kind), group.starts_at, group.ends_at, delays)
        row.attempts, row.retry_at, row.last_error = 0, None, None
        row.updated_at = now
    await session.flush()


async def cancel_group(session: AsyncSession, now: datetime, group_id: UUID) -> None:
    await session.execute(
        update(Deadline)
        .where(Deadline.group_id == group_id, Deadline.state == SCHEDULED)
        .values(state=CANCELLED, updated_at=now)
    )


async def cancel_participant(session: AsyncSession, now: datetime, participant_id: UUID) -> None:
    await session.execute(
        update(Deadline)
        .where(Deadline.participant_id == participant_id, Deadline.state == SCHEDULED)
        .values(state=CANCELLED, updated_at=now)
    )


async def deadlines_of(
    session: AsyncSession,
    group_id: UUID,
    page: PageRequest,
    *,
    state: str | None = None,
    kind: str | None = None,
) -> tuple[list[Deadline], str | None]:
    """One page of a group's deadlines, by due instant; of one state or kind when given."""
    query = select(Deadline).where(Deadline.group_id == group_id)
    if state is not None:
        query = query.where(Deadline.state == state)
    if kind is not None:
        query = query.where(Deadline.kind == kind)
    rows = list(await session.scalars(keyset(query, [Deadline.due_at, Deadline.id], page)))
    return cut(rows, page, lambda d: (d.due_at, d.id))


async def count_scheduled_due_by(session: AsyncSession, instant: datetime) -> int:
    """How many deadlines are still scheduled though due at `instant` (the metrics)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Deadline)
        .where(Deadline.state == SCHEDULED, Deadline.due_at <= instant)
    )
    return int(count or 0)
