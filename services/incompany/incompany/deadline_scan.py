"""The deadline scan: a background loop that fires due deadlines exactly once.

Each deadline is claimed and fired in its own unit of work:

1. `SELECT ... WHERE state = 'scheduled' AND due_at <= now ... ORDER BY due_at
   LIMIT 1 FOR UPDATE SKIP LOCKED` takes one due row and locks it; another
   instance of the service running the same scan skips the locked row and
   takes the next one, so two scans never work on the same deadline.
2. The deadline's group is locked as well (`SKIP LOCKED`: if a request holds
   it, the scan leaves the deadline for its next pass rather than wait), so
   the facts that firing reads cannot change meanwhile. The rules of
   `deadlines.verdict` decide: fire, missed, or cancelled.
3. Firing (`firing.py`) changes the group or participant and stages its
   events with `uow.publish`.
4. `UPDATE deadlines SET state = ... WHERE id = :id AND state = 'scheduled'`
   must change exactly one row (a second guard, e.g. on SQLite, which has no
   row locks), then `uow.commit()` writes the state, the changes and the
   events to the outbox in one transaction. A crash before the commit leaves
   the row scheduled and nothing published; after it, the row is done and the
   outbox relay delivers the events.

The scan reads `runtime.clock`, so tests move a ManualClock instead of waiting.
A row that falls due while the service is down fires on the first scan after
it comes back (or is missed, see `deadlines.py`). A firing that fails (a
missing key, a bug) is rolled back, counted on its row and retried with
backoff, without blocking the rows behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import or_, select, update

from incompany import firing
from incompany.deadlines import DeadlineKind, DeadlineState, Delays, Verdict, retry_delay, verdict
from incompany.groups import ACTIVE_PARTICIPANT, CANCELLED
from incompany.models import Deadline, Group, Participant
from incompany.settings import IncompanySettings, settings_of

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.unit_of_work import UnitOfWork

log = structlog.get_logger("incompany.deadlines")

SCHEDULED = DeadlineState.SCHEDULED.value
FINAL_STATE = {
    Verdict.FIRE: DeadlineState.DONE.value,
    Verdict.MISSED: DeadlineState.MISSED.value,
    Verdict.CANCELLED: DeadlineState.CANCELLED.value,
}


class AlreadySettled(Exception):
    """Another scan settled the deadline first (seen only without row locks)."""


class GroupBusy(Exception):
    """A request is changing the deadline's group right now: try again next pass."""


class NotDueAnyMore(Exception):
    """The row was selected as due but its group's dates say otherwise: leave it."""


async def fire_one(runtime: Runtime) -> bool:
    """Claim one due deadline and settle it; False when none is due."""
    settings = settings_of(runtime.settings)
    async with runtime.unit_of_work() as uow:
        now = uow.clock.now()
        row = await uow.session.scalar(
            select(Deadline)
            .where(
                Deadline.state == SCHEDULED,
                Deadline.due_at <= now,
                or_(Deadline.retry_at.is_(None), Deadline.retry_at <= now),
            )
            .order_by(Deadline.due_at, Deadline.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if row is None:
            return False
        deadline_id, attempts = row.id, row.attempts
        with structlog.contextvars.bound_contextvars(
            deadline_id=deadline_id, kind=row.kind, group_id=str(row.group_id)
        ):
            try:
                outcome = await _settle(row, uow, settings)
            except (NotDueAnyMore, GroupBusy):
                await uow.rollback()
                return False
            except AlreadySettled:
                await uow.rollback()
                return True
            except Exception as error:
                await uow.rollback()
                await _record_failure(runtime, deadline_id, attempts, error)
                return True
            log.info("deadline settled", outcome=outcome.value)
    return True


async def _settle(row: Deadline, uow: UnitOfWork, settings: IncompanySettings) -> Verdict:
    kind = DeadlineKind(row.kind)
    now = uow.clock.now()
    # The group is locked too, so its facts cannot change while the deadline fires.
    # Requests lock the group first and then its deadlines; the scan, which holds a
    # deadline already, skips a group that is locked rather than wait (no deadlock).
    group = await uow.session.scalar(
        select(Group).where(Group.id == row.group_id).with_for_update(skip_locked=True)
    )
    if group is None:
        raise GroupBusy()
    participant = (
        await uow.session.get(Participant, row.participant_id) if row.participant_id else None
    )
    outcome = verdict(
        kind,
        now=now,
        due=row.due_at,
        starts_at=group.starts_at,
        ends_at=group.ends_at,
        delays=Delays.of(settings),
        group_cancelled=group.state == CANCELLED,
        participant_cancelled=participant is not None and participant.state != ACTIVE_PARTICIPANT,
        participant_absent=participant is not None and participant.attended is False,
    )
    if outcome is Verdict.NOT_YET:
        raise NotDueAnyMore()
    if outcome is Verdict.FIRE:
        await firing.fire(kind, group, participant, uow, settings)
    result = await uow.session.execute(
        update(Deadline)
        .where(Deadline.id == row.id, Deadline.state == SCHEDULED)
        .values(
            state=FINAL_STATE[outcome],
            fired_at=now if outcome is Verdict.FIRE else None,
            updated_at=now,
            retry_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadySettled()
    await uow.commit()
    return outcome


async def _record_failure(
    runtime: Runtime, deadline_id: int, attempts: int, error: Exception
) -> None:
    settings = settings_of(runtime.settings)
    reason = f"{type(error).__name__}: {error}"[:2000]
    async with runtime.unit_of_work() as uow:
        now = uow.clock.now()
        delay = retry_delay(attempts + 1, settings.deadline_max_retry_seconds)
        await uow.session.execute(
            update(Deadline)
            .where(Deadline.id == deadline_id, Deadline.state == SCHEDULED)
            .values(
                attempts=Deadline.attempts + 1,
                retry_at=now + delay,
                last_error=reason,
                updated_at=now,
            )
        )
        await uow.commit()
    log.warning("deadline failed, will retry", reason=reason[:500], retry_in=str(delay))


async def fire_due_deadlines(runtime: Runtime, limit: int | None = None) -> int:
    """Settle due deadlines one by one, up to `limit` (the batch size); return how many."""
    limit = limit or settings_of(runtime.settings).deadline_batch_size
    settled = 0
    while settled < limit and await fire_one(runtime):
        settled += 1
    return settled


async def scan_deadlines(runtime: Runtime, stopping: asyncio.Event) -> None:
    """The background task: scan every `deadline_poll_seconds` until the service stops."""
    settings = settings_of(runtime.settings)
    failures = 0
    while not stopping.is_set():
        try:
            settled = await fire_due_deadlines(runtime)
            failures = 0
        except Exception as error:  # the database is away: back off, resume
            failures += 1
            delay = min(settings.deadline_poll_seconds, 0.1 * 2**failures)
            log.warning("deadline scan failed, retrying", error=repr(error), retry_in=delay)
            await _sleep_or_stop(stopping, delay)
            continue
        if settled >= settings.deadline_batch_size:
            continue  # more may be due
        await _sleep_or_stop(stopping, settings.deadline_poll_seconds)


async def _sleep_or_stop(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
