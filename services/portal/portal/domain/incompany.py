"""In-company rules the portal applies to what it shows (R-I3, R-I7, R-I8, R-I12). No I/O.

The APIs decide; these only choose what to offer: the participants form until the
cut-off the group carries (`participants_until`), the evaluation form from the day
after the class, dates typed in Brussels wall-clock time, and a group's deadlines
one line per deadline with the participants it concerns named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from portal.domain.formats import parse_instant

BRUSSELS = ZoneInfo("Europe/Brussels")
MIN_PARTICIPANTS = 6
"""R-I2: an in-company request is for 6 participants or more."""
RATINGS = ("content", "trainer", "organisation", "platform")
"""R-I12: what a participant rates, 1 to 5."""


def brussels_instant(typed: str) -> datetime | None:
    """`2027-04-12T09:00` (a `datetime-local` field), read as Brussels wall-clock time."""
    try:
        wall = datetime.fromisoformat(typed.strip())
    except ValueError:
        return None
    if wall.tzinfo is not None:
        return wall
    return wall.replace(tzinfo=BRUSSELS)


def participants_open(group: dict[str, object], now: datetime) -> bool:
    """R-I7: participants may be entered or changed until the group's cut-off (excluded)."""
    until = group.get("participants_until")
    if group.get("state") in ("cancelled", "completed") or not isinstance(until, str):
        return False
    return now < parse_instant(until)


def evaluation_opens(ends_at: str) -> date:
    """R-I12: the evaluation opens the day after the class (Brussels)."""
    return parse_instant(ends_at).astimezone(BRUSSELS).date() + timedelta(days=1)


def evaluation_open(participation: dict[str, object], now: datetime) -> bool:
    ends_at = participation.get("ends_at")
    if participation.get("evaluation_answered") or not isinstance(ends_at, str):
        return False
    if participation.get("group_state") == "cancelled":
        return False
    return now.astimezone(BRUSSELS).date() >= evaluation_opens(ends_at)


GROUP_SUBJECT = "group"
"""A deadline's `subject` when it is the group's own; else the participant's id."""


@dataclass(frozen=True)
class DeadlineLine:
    """One line of a group's deadlines: the group's own, or one kind of participant
    deadline due at the same instant and in the same state for the participants named."""

    kind: str
    due_at: str
    state: str
    fired_at: str | None
    """The last firing among those of the line."""
    names: tuple[str | None, ...] = ()
    """Empty for the group's own; None for a participant no longer on the list."""


def deadline_lines(
    deadlines: Iterable[Mapping[str, Any]], participants: Iterable[Mapping[str, Any]]
) -> list[DeadlineLine]:
    """The deadlines by due instant; each participant deadline (platform link, evaluation
    invitation) once for all the participants it concerns, in the order they were
    entered, rather than once per participant without their name."""
    entered = [(str(p["id"]), str(p["full_name"])) for p in participants]
    order = {pid: n for n, (pid, _) in enumerate(entered)}
    names = dict(entered)
    lines: dict[tuple[str, str, str, bool], list[Mapping[str, Any]]] = {}
    for d in sorted(deadlines, key=lambda d: parse_instant(str(d["due_at"]))):
        own = str(d["subject"]) == GROUP_SUBJECT
        lines.setdefault((str(d["kind"]), str(d["due_at"]), str(d["state"]), own), []).append(d)
    return [
        DeadlineLine(
            kind,
            due_at,
            state,
            max(
                (str(d["fired_at"]) for d in rows if d.get("fired_at")),
                key=parse_instant,
                default=None,
            ),
            ()
            if own
            else tuple(
                names.get(str(d["subject"]))
                for d in sorted(rows, key=lambda d: order.get(str(d["subject"]), len(order)))
            ),
        )
        for (kind, due_at, state, own), rows in lines.items()
    ]
