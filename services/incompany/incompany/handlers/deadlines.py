"""The deadline scan: a background loop that fires due deadlines exactly once.

Due deadlines are claimed and settled in batches, one unit of work per batch:

1. `SELECT ... WHERE state = 'scheduled' AND due_at <= now ... ORDER BY due_at
   LIMIT :batch FOR UPDATE SKIP LOCKED` (the partial index `ix_deadlines_due`)
   takes up to `deadline_batch_size` due rows and locks them; another instance
   of the service running the same scan skips the locked rows and takes the
   next ones, so two scans never work on the same deadline.
2. Their groups are locked as well, in one query (`SKIP LOCKED`: a group that a
   request holds is left, with its deadlines, for the next pass rather than
   waited for), so the facts that firing reads cannot change meanwhile. The
   participants concerned and the groups' active participants are read in two
   more queries. The rules of `deadlines.verdict` decide, row by row: fire,
   missed, or cancelled.
3. Firing (`firing.py`) changes the group or participant and stages its
   events with `uow.publish`.
4. One `UPDATE deadlines SET state = ... WHERE id IN (...) AND state =
   'scheduled'` per outcome must change every one of its rows (a second guard,
   e.g. on SQLite, which has no row locks), then `uow.commit()` writes the
   states, the changes and the events to the outbox in one transaction. A
   crash before the commit leaves the rows scheduled and nothing published;
   after it, the rows are done and the outbox relay delivers the events.

If anything in a batch fails (a firing raises: a missing key, a bug; or the
guard finds a row settled already), the whole batch is rolled back and its
rows are settled again one by one, each in its own unit of work, by the same
code: the good rows fire, the failing one is rolled back, counted on its row
and retried with backoff, and the rows behind it are not blocked. An
unreachable database is no row's failure: the pass stops, the loop backs off.

The scan reads `runtime.clock`, so tests move a ManualClock instead of waiting.
A row that falls due while the service is down fires on the first scan after
it comes back (or is missed, see `deadlines.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import structlog
from sqlalchemy import ColumnElement, Row, any_, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute

from chassis.db import database_unavailable
from incompany.adapters.tables import Deadline, Group, Participant
from incompany.domain.deadlines import (
    GROUP_KINDS,
    DeadlineKind,
    DeadlineState,
    Delays,
    Verdict,
    retry_delay,
    verdict,
)
from incompany.handlers import firing
from incompany.handlers.groups import ACTIVE_PARTICIPANT, CANCELLED, active_participants_where
from incompany.settings import IncompanySettings, settings_of

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.unit_of_work import UnitOfWork

log = structlog.get_logger("incompany.deadlines")

SCHEDULED = DeadlineState.SCHEDULED.value
DONE = DeadlineState.DONE.value
FINAL_STATE = {
    Verdict.FIRE: DONE,
    Verdict.MISSED: DeadlineState.MISSED.value,
    Verdict.CANCELLED: DeadlineState.CANCELLED.value,
}
GROUP_KIND_VALUES = frozenset(kind.value for kind in GROUP_KINDS)


class AlreadySettled(Exception):
    """Another scan settled a deadline first (seen only without row locks)."""


@dataclass
class Tally:
    """What a pass did with the rows it claimed."""

    claimed: int = 0
    fired: int = 0
    missed: int = 0
    cancelled: int = 0
    left: int = 0
    """Left scheduled for a later pass: their group was busy, or they were not due."""
    failed: int = 0
    """Rolled back and set to retry later."""

    @property
    def settled(self) -> int:
        return self.fired + self.missed + self.cancelled

    def add(self, other: Tally) -> None:
        self.fired += other.fired
        self.missed += other.missed
        self.cancelled += other.cancelled
        self.left += other.left
        self.failed += other.failed


async def fire_due_deadlines(runtime: Runtime, limit: int | None = None) -> int:
    """Claim one batch of due deadlines (at most `limit`, default the batch size) and settle
    them; return how many were settled."""
    settings = settings_of(runtime.settings)
    return (await scan_once(runtime, settings, limit or settings.deadline_batch_size)).settled


async def scan_once(runtime: Runtime, settings: IncompanySettings, size: int) -> Tally:
    """One pass: claim up to `size` due deadlines and settle them in one unit of work,
    or one by one if that fails."""
    started = time.perf_counter()
    async with runtime.unit_of_work() as uow:
        now = uow.clock.now()
        rows = await _claim(uow, now, size)
        if not rows:
            return Tally()
        try:
            tally = await _settle(rows, uow, settings, now)
        except Exception as error:
            if database_unavailable(error):
                raise
            await uow.rollback()
            failure = error
        else:
            log.info(
                "deadlines settled",
                claimed=tally.claimed,
                fired=tally.fired,
                missed=tally.missed,
                cancelled=tally.cancelled,
                left=tally.left,
                seconds=round(time.perf_counter() - started, 3),
            )
            return tally
    log.warning(
        "deadline batch failed, settling its rows one by one",
        claimed=len(rows),
        error=f"{type(failure).__name__}: {failure}"[:500],
    )
    tally = Tally(claimed=len(rows))
    for row in rows:
        tally.add(await _settle_one(runtime, settings, row.id))
    return tally


async def _settle_one(runtime: Runtime, settings: IncompanySettings, deadline_id: int) -> Tally:
    async with runtime.unit_of_work() as uow:
        now = uow.clock.now()
        rows = await _claim(uow, now, 1, deadline_id)
        if not rows:  # another scan settled it meanwhile, or it waits for a retry
            return Tally()
        try:
            return await _settle(rows, uow, settings, now)
        except AlreadySettled:
            await uow.rollback()
            return Tally()
        except Exception as error:
            if database_unavailable(error):
                raise
            await uow.rollback()
            failure = error
    await _record_failure(runtime, rows[0], failure)
    return Tally(failed=1)


async def _claim(
    uow: UnitOfWork, now: datetime, size: int, deadline_id: int | None = None
) -> Sequence[Row]:
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
    return (await uow.session.execute(query)).all()


async def _settle(
    rows: Sequence[Row], uow: UnitOfWork, settings: IncompanySettings, now: datetime
) -> Tally:
    # The groups are locked too, so their facts cannot change while their deadlines
    # fire. Requests lock the group first and then its deadlines; the scan, which
    # holds the deadlines already, skips a group that is locked rather than wait
    # (no deadlock), and leaves its deadlines for the next pass.
    groups = await _lock_groups(uow, {row.group_id for row in rows})
    mine = [row for row in rows if row.group_id in groups]
    participants = await _participants(
        uow, {row.participant_id for row in mine if row.participant_id is not None}
    )
    active = await _active_participants(
        uow, {row.group_id for row in mine if row.kind in GROUP_KIND_VALUES}
    )
    delays = Delays.of(settings)
    tally = Tally(claimed=len(rows), left=len(rows) - len(mine))
    settled: dict[Verdict, list[int]] = defaultdict(list)
    for row in mine:
        group = groups[row.group_id]
        kind = DeadlineKind(row.kind)
        participant = participants.get(row.participant_id) if row.participant_id else None
        outcome = verdict(
            kind,
            now=now,
            due=row.due_at,
            starts_at=group.starts_at,
            ends_at=group.ends_at,
            delays=delays,
            group_cancelled=group.state == CANCELLED,
            participant_cancelled=participant is not None
            and participant.state != ACTIVE_PARTICIPANT,
            participant_absent=participant is not None and participant.attended is False,
        )
        if outcome is Verdict.NOT_YET:  # selected as due, but not by its group's dates
            tally.left += 1
            continue
        if outcome is Verdict.FIRE:
            firing.fire(kind, group, participant, active.get(group.id, ()), uow, settings, delays)
        settled[outcome].append(row.id)
    for outcome, ids in settled.items():
        result = await uow.session.execute(
            update(Deadline)
            .where(_among(uow, Deadline.id, ids), Deadline.state == SCHEDULED)
            .values(
                state=FINAL_STATE[outcome],
                fired_at=now if outcome is Verdict.FIRE else None,
                updated_at=now,
                retry_at=None,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != len(ids):  # type: ignore[attr-defined]
            raise AlreadySettled()
    await uow.commit()
    tally.fired = len(settled[Verdict.FIRE])
    tally.missed = len(settled[Verdict.MISSED])
    tally.cancelled = len(settled[Verdict.CANCELLED])
    return tally


async def _lock_groups(uow: UnitOfWork, ids: Collection[UUID]) -> dict[UUID, Group]:
    """The groups among `ids` that no one else holds, locked until the commit."""
    found = await uow.session.scalars(
        select(Group).where(_among(uow, Group.id, ids)).with_for_update(skip_locked=True)
    )
    return {group.id: group for group in found}


async def _participants(uow: UnitOfWork, ids: Collection[UUID]) -> dict[UUID, Participant]:
    if not ids:
        return {}
    found = await uow.session.scalars(select(Participant).where(_among(uow, Participant.id, ids)))
    return {participant.id: participant for participant in found}


async def _active_participants(
    uow: UnitOfWork, group_ids: Collection[UUID]
) -> dict[UUID, list[Participant]]:
    """Each group's active participants, in the order they were entered."""
    by_group: dict[UUID, list[Participant]] = defaultdict(list)
    if not group_ids:
        return by_group
    found = await uow.session.scalars(
        active_participants_where(_among(uow, Participant.group_id, group_ids))
    )
    for participant in found:
        by_group[participant.group_id].append(participant)
    return by_group


def _among(
    uow: UnitOfWork, column: InstrumentedAttribute[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """`column IN values`; on PostgreSQL as `= ANY(:array)`: one parameter whatever the
    batch's size, so one prepared statement serves every batch, and cheaper to build."""
    if uow.session.bind is None or uow.session.bind.dialect.name != "postgresql":
        return column.in_(values)
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))


async def _record_failure(runtime: Runtime, row: Row, error: Exception) -> None:
    settings = settings_of(runtime.settings)
    reason = f"{type(error).__name__}: {error}"[:2000]
    async with runtime.unit_of_work() as uow:
        now = uow.clock.now()
        delay = retry_delay(row.attempts + 1, settings.deadline_max_retry_seconds)
        await uow.session.execute(
            update(Deadline)
            .where(Deadline.id == row.id, Deadline.state == SCHEDULED)
            .values(
                attempts=Deadline.attempts + 1,
                retry_at=now + delay,
                last_error=reason,
                updated_at=now,
            )
        )
        await uow.commit()
    log.warning(
        "deadline failed, will retry",
        deadline_id=row.id,
        kind=row.kind,
        group_id=str(row.group_id),
        reason=reason[:500],
        retry_in=str(delay),
    )


async def scan_deadlines(runtime: Runtime, stopping: asyncio.Event) -> None:
    """The background task: scan every `deadline_poll_seconds` until the service stops."""
    settings = settings_of(runtime.settings)
    size = settings.deadline_batch_size
    failures = 0
    while not stopping.is_set():
        try:
            tally = await scan_once(runtime, settings, size)
            failures = 0
        except Exception as error:  # the database is away: back off, resume
            failures += 1
            delay = min(settings.deadline_poll_seconds, 0.1 * 2**failures)
            log.warning("deadline scan failed, retrying", error=repr(error), retry_in=delay)
            await _sleep_or_stop(stopping, delay)
            continue
        if tally.claimed >= size and tally.left < tally.claimed:
            continue  # a full batch that made progress: more may be due
        await _sleep_or_stop(stopping, settings.deadline_poll_seconds)


async def _sleep_or_stop(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
