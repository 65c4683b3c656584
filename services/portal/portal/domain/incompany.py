"""In-company rules the portal applies to what it shows (R-I3, R-I7, R-I8, R-I12). No I/O.

The APIs decide; these only choose what to offer: the participants form until the
cut-off the group carries (`participants_until`), the evaluation form from the day
after the class, dates typed in Brussels wall-clock time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
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
