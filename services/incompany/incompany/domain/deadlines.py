"""The chain of deadlines of an in-company group, as plain rules. No I/O.

Each group has these deadlines, each one persisted row per (group, kind,
subject), the subject being the group or one participant:

| kind | due | rule | what firing does |
| --- | --- | --- | --- |
| participant_reminder | start - 21 d | R-I6 | HR is asked to enter the participants |
| definitive_confirmation | start - 15 d | R-I9, R-I13 | the group is definitively confirmed |
| platform_link (per participant) | start - 15 d + 24 h | R-I10 | a signed link is made and sent |
| participant_cutoff | start - 3 d | R-I7, R-I15 | no participant: the list is missing |
| evaluation_invitation (per participant) | end + 1 d | R-I12 | the participant is invited |

Every delay is computed on the Brussels wall clock (`brussels_time.py`): the
deadline keeps the local time of the start (or end), whatever daylight-saving
change lies between; "+24 h" is the same local time the next day.

Catching up: the scan fires every scheduled row whose due instant has passed,
so a row that fell due while the service was down fires on the next scan,
late, as long as it still makes sense. It is "missed" (never fired) once it
no longer does:

- the participant reminder, from the participant cut-off on: entering
  participants is closed, a reminder to do so would mislead;
- the definitive confirmation, from the start of the class on;
- the platform link, from the end of the class on;
- the evaluation invitation, `EVALUATION_WINDOW` after the end of the class;
- the participant cut-off is never missed: whether the group had a list at
  its cut-off is a fact billing needs (R-I15), and the list cannot change
  after the cut-off, so checking it late gives the same answer.

A row of a cancelled group, or of a cancelled participant, is cancelled:
it never fires. So is the evaluation invitation of a participant recorded
absent (R-I16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from incompany.domain.brussels_time import shift_on_wall_clock

EVALUATION_WINDOW = timedelta(days=30)
"""How long after the class an evaluation invitation still makes sense."""

GROUP_SUBJECT = "group"
"""The `subject` of a deadline that concerns the whole group."""


class DeadlineKind(StrEnum):
    PARTICIPANT_REMINDER = "participant_reminder"
    DEFINITIVE_CONFIRMATION = "definitive_confirmation"
    PLATFORM_LINK = "platform_link"
    PARTICIPANT_CUTOFF = "participant_cutoff"
    EVALUATION_INVITATION = "evaluation_invitation"


GROUP_KINDS = (
    DeadlineKind.PARTICIPANT_REMINDER,
    DeadlineKind.DEFINITIVE_CONFIRMATION,
    DeadlineKind.PARTICIPANT_CUTOFF,
)
PARTICIPANT_KINDS = (DeadlineKind.PLATFORM_LINK, DeadlineKind.EVALUATION_INVITATION)


class DeadlineState(StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


class Verdict(StrEnum):
    NOT_YET = "not_yet"
    FIRE = "fire"
    MISSED = "missed"
    CANCELLED = "cancelled"


class DelaySettings(Protocol):
    """The settings the delays are read from (`IncompanySettings` has them)."""

    @property
    def participant_reminder_days(self) -> int: ...
    @property
    def definitive_confirmation_days(self) -> int: ...
    @property
    def platform_link_delay_hours(self) -> int: ...
    @property
    def participant_cutoff_days(self) -> int: ...
    @property
    def evaluation_delay_days(self) -> int: ...


@dataclass(frozen=True)
class Delays:
    """The delays of section I, configuration with PRODUCT.md's defaults."""

    reminder_days: int = 21
    confirmation_days: int = 15
    platform_link_hours: int = 24
    cutoff_days: int = 3
    evaluation_days: int = 1

    @classmethod
    def of(cls, settings: DelaySettings) -> Delays:
        return cls(
            reminder_days=settings.participant_reminder_days,
            confirmation_days=settings.definitive_confirmation_days,
            platform_link_hours=settings.platform_link_delay_hours,
            cutoff_days=settings.participant_cutoff_days,
            evaluation_days=settings.evaluation_delay_days,
        )


def due_at(kind: DeadlineKind, starts_at: datetime, ends_at: datetime, delays: Delays) -> datetime:
    """When a deadline of a group starting and ending at these instants falls due."""
    if kind is DeadlineKind.PARTICIPANT_REMINDER:
        return shift_on_wall_clock(starts_at, days=-delays.reminder_days)
    if kind is DeadlineKind.DEFINITIVE_CONFIRMATION:
        return shift_on_wall_clock(starts_at, days=-delays.confirmation_days)
    if kind is DeadlineKind.PLATFORM_LINK:
        return shift_on_wall_clock(
            starts_at, days=-delays.confirmation_days, hours=delays.platform_link_hours
        )
    if kind is DeadlineKind.PARTICIPANT_CUTOFF:
        return participant_cutoff(starts_at, delays)
    if kind is DeadlineKind.EVALUATION_INVITATION:
        return shift_on_wall_clock(ends_at, days=delays.evaluation_days)
    raise ValueError(f"unknown deadline kind {kind!r}")


def participant_cutoff(starts_at: datetime, delays: Delays) -> datetime:
    """R-I7: the last instant (excluded) at which participants may be added or cancelled."""
    return shift_on_wall_clock(starts_at, days=-delays.cutoff_days)


def participants_open(now: datetime, starts_at: datetime, delays: Delays) -> bool:
    """R-I7: participants may change strictly before the cut-off, 3 days before the start."""
    return now < participant_cutoff(starts_at, delays)


def too_late_from(
    kind: DeadlineKind, starts_at: datetime, ends_at: datetime, delays: Delays
) -> datetime | None:
    """From this instant on, firing the deadline no longer makes sense; None: never."""
    if kind is DeadlineKind.PARTICIPANT_REMINDER:
        return participant_cutoff(starts_at, delays)
    if kind is DeadlineKind.DEFINITIVE_CONFIRMATION:
        return starts_at
    if kind is DeadlineKind.PLATFORM_LINK:
        return ends_at
    if kind is DeadlineKind.PARTICIPANT_CUTOFF:
        return None
    if kind is DeadlineKind.EVALUATION_INVITATION:
        return ends_at + EVALUATION_WINDOW
    raise ValueError(f"unknown deadline kind {kind!r}")


def verdict(
    kind: DeadlineKind,
    *,
    now: datetime,
    due: datetime,
    starts_at: datetime,
    ends_at: datetime,
    delays: Delays,
    group_cancelled: bool = False,
    participant_cancelled: bool = False,
    participant_absent: bool = False,
) -> Verdict:
    """What the scan does with a scheduled deadline at `now`."""
    if group_cancelled or participant_cancelled:
        return Verdict.CANCELLED
    if kind is DeadlineKind.EVALUATION_INVITATION and participant_absent:
        return Verdict.CANCELLED
    if now < due:
        return Verdict.NOT_YET
    too_late = too_late_from(kind, starts_at, ends_at, delays)
    if too_late is not None and now >= too_late:
        return Verdict.MISSED
    return Verdict.FIRE


def retry_delay(attempts: int, maximum_seconds: float) -> timedelta:
    """How long to wait before firing a deadline again after `attempts` failures."""
    return timedelta(seconds=min(maximum_seconds, 5.0 * 2 ** max(0, attempts - 1)))
