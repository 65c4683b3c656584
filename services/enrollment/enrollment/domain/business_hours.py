"""R-C2: the 24-business-hour validation deadline.

"Business hours" are the hours of working days: every hour of a Monday to
Friday that is not a French public holiday counts, in Europe/Paris wall time;
Saturdays, Sundays and public holidays count for nothing. A request placed on
a non-working day starts counting at 00:00 of the next working day.

Daylight-saving changes happen on Sunday nights in France, so a working day
always has 24 wall-clock hours and the walk below, done in local wall time,
never meets a gap or an overlap.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from enrollment.domain.local_time import PARIS

DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _french_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FR", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _french_holidays(day.year)


def add_business_hours(start: datetime, hours: float, *, zone: ZoneInfo = PARIS) -> datetime:
    """The instant `hours` business hours after `start` (an aware datetime), in UTC."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    local = start.astimezone(zone).replace(tzinfo=None)
    while True:
        day = local.date()
        if is_working_day(day):
            end_of_day = datetime.combine(day + DAY, time.min)
            available = end_of_day - local
            if remaining <= available:
                due = local + remaining
                return due.replace(tzinfo=zone).astimezone(start.tzinfo)
            remaining -= available
        local = datetime.combine(day + DAY, time.min)


def business_hours_between(start: datetime, end: datetime, *, zone: ZoneInfo = PARIS) -> float:
    """How many business hours lie between two instants (0 when end is before start)."""
    if end <= start:
        return 0.0
    total = timedelta()
    local = start.astimezone(zone).replace(tzinfo=None)
    stop = end.astimezone(zone).replace(tzinfo=None)
    while local < stop:
        next_day = datetime.combine(local.date() + DAY, time.min)
        if is_working_day(local.date()):
            total += min(next_day, stop) - local
        local = next_day
    return total / timedelta(hours=1)
