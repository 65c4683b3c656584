"""Planning an in-company request (R-I3): the trainer's availability, then the
dates proposed to the customer. No I/O.

A proposed session must lie within one availability slot of the trainer,
inside the desired period (Brussels dates), and start late enough that HR can
still enter participants before the cut-off (R-I7). Two sessions of one
option taught by the same trainer must not overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from incompany.domain.brussels_time import local, local_date
from incompany.domain.deadlines import Delays, participants_open
from incompany.domain.refusals import PlanningRefused


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    trainer_name: str
    trainer_user_id: UUID | None = None

    def holds(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.starts_at <= starts_at and ends_at <= self.ends_at


@dataclass(frozen=True)
class Session:
    starts_at: datetime
    ends_at: datetime


def _shown(starts_at: datetime, ends_at: datetime) -> str:
    start, end = local(starts_at), local(ends_at)
    return f"{start:%d/%m/%Y %H:%M}-{end:%H:%M}"


def _within_period(
    field: str, starts_at: datetime, ends_at: datetime, desired_from: date, desired_until: date
) -> None:
    if not (desired_from <= local_date(starts_at) and local_date(ends_at) <= desired_until):
        raise PlanningRefused(
            f"{field}: {_shown(starts_at, ends_at)} is outside the desired period "
            f"{desired_from:%d/%m/%Y}-{desired_until:%d/%m/%Y}"
        )


def check_slot(slot: Slot, *, now: datetime, desired_from: date, desired_until: date) -> None:
    if slot.ends_at <= slot.starts_at:
        raise PlanningRefused("ends_at: the availability must end after it starts")
    if slot.starts_at <= now:
        raise PlanningRefused("starts_at: the availability must be in the future")
    _within_period("starts_at", slot.starts_at, slot.ends_at, desired_from, desired_until)


def check_option(
    sessions: Sequence[Session],
    slots: Sequence[Slot],
    *,
    now: datetime,
    desired_from: date,
    desired_until: date,
    delays: Delays,
) -> list[Slot]:
    """The slot (hence the trainer) of each session, or PlanningRefused."""
    if not sessions:
        raise PlanningRefused("sessions: an option needs at least one session")
    chosen: list[Slot] = []
    for position, session in enumerate(sessions):
        field = f"sessions[{position}]"
        if session.ends_at <= session.starts_at:
            raise PlanningRefused(f"{field}: the session must end after it starts")
        if not participants_open(now, session.starts_at, delays):
            raise PlanningRefused(
                f"{field}: starts too soon; participants must be entered at least "
                f"{delays.cutoff_days} days before the start (R-I7)"
            )
        _within_period(field, session.starts_at, session.ends_at, desired_from, desired_until)
        slot = next((s for s in slots if s.holds(session.starts_at, session.ends_at)), None)
        if slot is None:
            raise PlanningRefused(
                f"{field}: {_shown(session.starts_at, session.ends_at)} is not within "
                "the trainer's recorded availability"
            )
        chosen.append(slot)
    for i, (a, slot_a) in enumerate(zip(sessions, chosen, strict=True)):
        for b, slot_b in list(zip(sessions, chosen, strict=True))[i + 1 :]:
            same_trainer = (slot_a.trainer_user_id, slot_a.trainer_name) == (
                slot_b.trainer_user_id,
                slot_b.trainer_name,
            )
            if same_trainer and a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                raise PlanningRefused(
                    f"sessions: two sessions of {slot_a.trainer_name} overlap "
                    f"({_shown(a.starts_at, a.ends_at)} and {_shown(b.starts_at, b.ends_at)})"
                )
    return chosen
