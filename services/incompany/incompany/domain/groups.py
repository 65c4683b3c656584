"""A group's life after confirmation, as rules (R-I11, R-I13, R-I14, R-I16). No I/O.

States: planned -> confirmed (definitive confirmation, R-I9) -> completed
(attendance recorded, R-I16); planned or confirmed -> cancelled (R-I13).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from incompany.domain.brussels_time import local
from incompany.domain.deadlines import Delays, participants_open
from incompany.domain.refusals import (
    AttendanceRecorded,
    ClassNotEnded,
    ClassStarted,
    GroupNotActive,
    NotAParticipant,
    ScheduleRefused,
)

PLANNED, CONFIRMED, CANCELLED, COMPLETED = "planned", "confirmed", "cancelled", "completed"
ACTIVE_STATES = (PLANNED, CONFIRMED)


def must_be_active(state: str) -> None:
    if state not in ACTIVE_STATES:
        raise GroupNotActive(f"group: the group is {state}")


def check_move(
    state: str,
    *,
    now: datetime,
    current_start: datetime,
    starts_at: datetime,
    ends_at: datetime,
    delays: Delays,
) -> None:
    """Staff move a class that has not started, to dates that leave HR time to enter
    the participants (R-I7)."""
    must_be_active(state)
    if current_start <= now:
        raise ClassStarted("group: the class has started; it can no longer be moved")
    if ends_at <= starts_at:
        raise ScheduleRefused("ends_at: the class must end after it starts", field="ends_at")
    if not participants_open(now, starts_at, delays):
        raise ScheduleRefused(
            f"starts_at: too soon; participants must be entered at least "
            f"{delays.cutoff_days} days before the start (R-I7)"
        )


def check_cancellable(state: str, *, now: datetime, starts_at: datetime) -> None:
    """R-I13: the customer cancels before the start."""
    must_be_active(state)
    if now >= starts_at:
        raise ClassStarted("group: the class has started; it can no longer be cancelled")


def check_attendance(
    state: str,
    *,
    now: datetime,
    ends_at: datetime,
    attended: Collection[UUID],
    participants: Collection[UUID],
) -> None:
    """R-I16: attendance is recorded once, after the class, of the group's participants."""
    if state == COMPLETED:
        raise AttendanceRecorded("attendance: already recorded; the group is completed")
    must_be_active(state)
    if now < ends_at:
        raise ClassNotEnded(
            f"attendance: the class ends at {local(ends_at):%d/%m/%Y %H:%M}; "
            "record attendance after it"
        )
    strangers = set(attended) - set(participants)
    if strangers:
        raise NotAParticipant(
            f"attended: {sorted(map(str, strangers))[0]} is not a participant of the group"
        )
