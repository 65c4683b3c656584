"""Business time of in-company training: Europe/Brussels wall clock. No I/O.

Instants are stored in UTC; a deadline such as "21 days before the start" is
computed on the Brussels wall clock (same local time, 21 calendar days
earlier) and only then turned into an instant, so a daylight-saving change in
between does not move it by an hour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(instant: datetime) -> datetime:
    """The instant on the Brussels wall clock."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are refused: pass an aware instant")
    return instant.astimezone(BRUSSELS)


def local_date(instant: datetime) -> date:
    return local(instant).date()


def at_wall_time(wall: datetime) -> datetime:
    """The UTC instant at which the Brussels wall clock shows `wall` (naive).

    A wall time that does not exist (the hour skipped in late March) moves
    forward by the gap: 02:30 becomes 03:30 summer time. A wall time that
    happens twice (the hour repeated in late October) is its first occurrence.
    """
    if wall.tzinfo is not None:
        raise ValueError("a wall time is naive: it is read on the Brussels clock")
    return wall.replace(tzinfo=BRUSSELS, fold=0).astimezone(UTC)


def shift_on_wall_clock(instant: datetime, *, days: int = 0, hours: int = 0) -> datetime:
    """`instant` moved by whole days and hours on the Brussels wall clock, as a UTC instant.

    "24 hours after" 10:00 is 10:00 the next day, even across a DST change.
    """
    wall = local(instant).replace(tzinfo=None)
    return at_wall_time(wall + timedelta(days=days, hours=hours))


def start_of_local_day(day: date) -> datetime:
    """The UTC instant at which the Brussels day `day` begins."""
    return at_wall_time(datetime(day.year, day.month, day.day))


EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2999, 12, 31)
"""The calendar days the API accepts: a day outside cannot be turned into an instant
(year 1 in Brussels is before the first UTC instant Python can hold)."""

DAY_PATTERN = {"pattern": "^2[0-9]{3}-"}
"""The same bounds in the published document (JSON Schema has no minimum for a date)."""

CalendarDay = Annotated[
    date, Field(ge=EARLIEST_DAY, le=LATEST_DAY, json_schema_extra=DAY_PATTERN)
]
