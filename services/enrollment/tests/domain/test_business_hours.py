"""R-C2: the validation deadline is 24 business hours (weekends and French holidays excluded)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.domain.business_hours import (
    add_business_hours,
    business_hours_between,
    is_working_day,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_r_c2_a_request_on_a_plain_weekday_is_due_the_next_day_at_the_same_hour():
    assert add_business_hours(paris(2026, 11, 24, 10), 24) == paris(2026, 11, 25, 10)


def test_r_c2_friday_17h_before_easter_monday_is_due_tuesday_17h():
    # 7 hours left on Friday 3 April 2026; Saturday, Sunday and Easter Monday
    # (6 April) do not count; 17 more hours on Tuesday.
    assert not is_working_day(paris(2026, 4, 6).date())
    due = add_business_hours(paris(2026, 4, 3, 17), 24)
    assert due == paris(2026, 4, 7, 17)
    assert due.tzinfo is PARIS


def test_r_c2_a_request_made_on_a_sunday_counts_from_monday_midnight():
    assert add_business_hours(paris(2026, 11, 29, 15), 24) == paris(2026, 12, 1, 0)


def test_r_c2_friday_request_before_a_plain_weekend_is_due_monday():
    assert add_business_hours(paris(2026, 11, 27, 17), 24) == paris(2026, 11, 30, 17)


def test_r_c2_bastille_day_and_christmas_do_not_count():
    assert add_business_hours(paris(2026, 7, 13, 12), 24) == paris(2026, 7, 15, 12)
    assert add_business_hours(paris(2026, 12, 24, 12), 24) == paris(2026, 12, 28, 12)


def test_r_c2_the_deadline_keeps_its_wall_clock_hour_across_a_daylight_saving_weekend():
    # Clocks go forward on Sunday 29 March 2026: Friday 10:00 CET -> Monday 10:00 CEST,
    # which is 71 real hours later, not 72.
    start = paris(2026, 3, 27, 10)
    due = add_business_hours(start, 24)
    assert due == paris(2026, 3, 30, 10)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=71)


def test_the_deadline_is_given_in_the_timezone_of_the_request():
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    due = add_business_hours(start, 24)
    assert due == datetime(2026, 11, 25, 9, tzinfo=UTC)
    assert due.tzinfo is UTC


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_hours(datetime(2026, 11, 24, 9), 24)


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
    ),
    hours=st.integers(min_value=1, max_value=120),
)
def test_r_c2_exactly_the_asked_business_hours_lie_between_request_and_deadline(start, hours):
    due = add_business_hours(start, hours)
    assert due > start
    assert business_hours_between(start, due) == pytest.approx(hours)
    # and the deadline falls on a working day (or at the midnight ending one)
    local = (due - timedelta(microseconds=1)).astimezone(PARIS)
    assert is_working_day(local.date())
