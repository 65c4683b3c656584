"""Firing due deadlines exactly once, in batches (R-I6, R-I9, R-I10, R-I12, R-I15).

Due deadlines are claimed and settled in batches, one unit of work per batch
(`settle_due_deadlines`, called by the scan of `entrypoints/scans.py`):

1. `SELECT ... WHERE state = 'scheduled' AND due_at <= now ... ORDER BY due_at
   LIMIT :batch FOR UPDATE SKIP LOCKED` (the partial index `ix_deadlines_due`)
   takes up to `deadline_batch_size` due rows and locks them; another instance
   of the service running the same scan skips the locked rows and takes the
   next ones, so two scans never work on the same deadline.
2. Their groups are locked as well, in one query (`SKIP LOCKED`: a group that a
   request holds is left, with its deadlines, for the next pass rather than
   waited for), so the facts that firing reads cannot change meanwhile. The
   participants concerned and the groups' active participants are read in two
   more queries. The rules of `domain/deadlines.verdict` decide, row by row:
   fire, missed, or cancelled.
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

Time is `uow.clock`, so tests move a ManualClock instead of waiting. A row
that falls due while the service is down fires on the first scan after it
comes back (or is missed, see `domain/deadlines.py`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from chassis.db import database_unavailable
from incompany.adapters import deadline_claims, schedule
from incompany.adapters.deadline_claims import DueRow
from incompany.domain.deadlines import (
    GROUP_KINDS,
    DeadlineKind,
    DeadlineState,
    Delays,
    Verdict,
    retry_delay,
    verdict,
)
from incompany.domain.groups import CANCELLED
from incompany.domain.participants import ACTIVE
from incompany.handlers import Uow, firing

log = structlog.get_logger("incompany.deadlines")

UnitsOfWork = Callable[[], Uow]
"""Where a pass takes its units of work: one per batch, one per row when a batch fails."""

FINAL_STATE = {
    Verdict.FIRE: DeadlineState.DONE.value,
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


async def settle_due_deadlines(units: UnitsOfWork, size: int) -> Tally:
    """One pass: claim up to `size` due deadlines and settle them in one unit of work,
    or one by one if that fails."""
    started = time.perf_counter()
    async with units() as uow:
        now = uow.clock.now()
        rows = await deadline_claims.claim_due(uow.session, now, size)
        if not rows:
            return Tally()
        try:
            tally = await _settle(rows, uow, now)
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
        tally.add(await _settle_one(units, row.id))
    return tally


async def _settle_one(units: UnitsOfWork, deadline_id: int) -> Tally:
    async with units() as uow:
        now = uow.clock.now()
        rows = await deadline_claims.claim_due(uow.session, now, 1, deadline_id)
        if not rows:  # another scan settled it meanwhile, or it waits for a retry
            return Tally()
        try:
            return await _settle(rows, uow, now)
        except AlreadySettled:
            await uow.rollback()
            return Tally()
        except Exception as error:
            if database_unavailable(error):
                raise
            await uow.rollback()
            failure = error
    await _record_failure(units, rows[0], failure)
    return Tally(failed=1)


async def _settle(rows: Sequence[DueRow], uow: Uow, now: datetime) -> Tally:
    # The groups are locked too, so their facts cannot change while their deadlines
    # fire. Requests lock the group first and then its deadlines; the scan, which
    # holds the deadlines already, skips a group that is locked rather than wait
    # (no deadlock), and leaves its deadlines for the next pass.
    session = uow.session
    groups = await deadline_claims.lock_free_groups(session, {row.group_id for row in rows})
    mine = [row for row in rows if row.group_id in groups]
    participants = await deadline_claims.participants_by_id(
        session, {row.participant_id for row in mine if row.participant_id is not None}
    )
    active = await deadline_claims.active_participants_by_group(
        session, {row.group_id for row in mine if row.kind in GROUP_KIND_VALUES}
    )
    delays = Delays.of(uow.settings)
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
            participant_cancelled=participant is not None and participant.state != ACTIVE,
            participant_absent=participant is not None and participant.attended is False,
        )
        if outcome is Verdict.NOT_YET:  # selected as due, but not by its group's dates
            tally.left += 1
            continue
        if outcome is Verdict.FIRE:
            firing.fire(kind, group, participant, active.get(group.id, ()), uow, delays)
        settled[outcome].append(row.id)
    for outcome, ids in settled.items():
        changed = await deadline_claims.settle(session, ids, FINAL_STATE[outcome], now)
        if changed != len(ids):
            raise AlreadySettled()
    await uow.commit()
    tally.fired = len(settled[Verdict.FIRE])
    tally.missed = len(settled[Verdict.MISSED])
    tally.cancelled = len(settled[Verdict.CANCELLED])
    return tally


async def _record_failure(units: UnitsOfWork, row: DueRow, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    async with units() as uow:
        now = uow.clock.now()
        delay = retry_delay(row.attempts + 1, uow.settings.deadline_max_retry_seconds)
        await deadline_claims.postpone(uow.session, row.id, now, delay, reason)
        await uow.commit()
    log.warning(
        "deadline failed, will retry",
        deadline_id=row.id,
        kind=row.kind,
        group_id=str(row.group_id),
        reason=reason[:500],
        retry_in=str(delay),
    )


async def count_due(uow: Uow) -> int:
    """Scheduled deadlines whose instant has passed: the scan takes them within a poll."""
    return await schedule.count_scheduled_due_by(uow.session, uow.clock.now())


async def count_late(uow: Uow) -> int:
    """Scheduled deadlines still unfired `deadline_late_after_seconds` after their instant:
    the scan is not keeping up, or a firing keeps failing."""
    slack = timedelta(seconds=uow.settings.deadline_late_after_seconds)
    return await schedule.count_scheduled_due_by(uow.session, uow.clock.now() - slack)
