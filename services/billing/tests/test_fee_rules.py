"""The in-company fee rules (R-I13..R-I16) without I/O: amounts, the 15-day limit at the
instant of the definitive confirmation (Brussels wall clock), one flat fee per group, the
shortfall per missing person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from billing.domain.fees import (
    FeeReason,
    FeeRules,
    cancellation_fee,
    flat_fee_key,
    list_missing_fee,
    shortfall_fee,
    shortfall_key,
)
from billing.settings import BillingSettings

RULES = FeeRules()


def test_the_defaults_are_product_md_s_amounts():
    assert BillingSettings(service_name="billing").fee_rules() == FeeRules(
        late_cancellation_fee=Decimal("375.00"),
        late_cancellation_days=15,
        missing_list_fee=Decimal("375.00"),
        shortfall_fee_per_person=Decimal("150.00"),
        shortfall_minimum_attendees=6,
    )


def test_r_i13_cancelling_15_days_before_is_free(samples):
    group = samples.group()
    assert (
        cancellation_fee(samples.group_cancelled(group, group.starts_at - timedelta(15)), RULES)
        is None
    )


def test_r_i14_cancelling_14_days_before_costs_375(samples):
    group = samples.group()
    fee = cancellation_fee(samples.group_cancelled(group, group.starts_at - timedelta(14)), RULES)
    assert fee is not None
    assert (fee.reason, fee.amount, fee.days_before_start, fee.key) == (
        FeeReason.LATE_CANCELLATION,
        Decimal("375.00"),
        14,
        flat_fee_key(group.group_id),
    )


BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(*wall: int) -> datetime:
    """The UTC instant at which the Brussels wall clock shows `wall`."""
    return datetime(*wall, tzinfo=BRUSSELS).astimezone(UTC)


@pytest.mark.parametrize("by", ["hr@dupont.example", "planning@formations.example"])
def test_r_i14_the_issue_s_group_cancelled_14_days_23_hours_before_is_charged(samples, by):
    # Starts Tuesday 15 December 2026 03:10 Brussels; definitively confirmed (R-I9) on
    # Monday 30 November 03:10. Cancelled at 04:10 that day, by HR or by staff: charged,
    # although 15 Brussels calendar days remain.
    group = samples.group(brussels(2026, 12, 15, 3, 10))
    event = samples.group_cancelled(group, brussels(2026, 11, 30, 4, 10))
    fee = cancellation_fee(event.model_copy(update={"cancelled_by_email": by}), RULES)
    assert fee is not None
    assert (fee.amount, fee.days_before_start) == (Decimal("375.00"), 14)


@pytest.mark.parametrize("by", ["hr@dupont.example", "planning@formations.example"])
def test_r_i13_the_same_group_cancelled_at_the_confirmation_instant_is_free(samples, by):
    group = samples.group(brussels(2026, 12, 15, 3, 10))
    for cancelled_at in (brussels(2026, 11, 30, 3, 10), brussels(2026, 11, 30, 3, 9, 59)):
        event = samples.group_cancelled(group, cancelled_at)
        assert cancellation_fee(event.model_copy(update={"cancelled_by_email": by}), RULES) is None
    late = samples.group_cancelled(group, brussels(2026, 11, 30, 3, 10, 0, 1))
    assert cancellation_fee(late, RULES) is not None


def test_r_i14_the_instant_is_on_the_wall_clock_across_the_spring_change(samples):
    # Monday 5 April 2027 09:00 is summer time (UTC+2); 15 days before, Sunday 21 March
    # 09:00, is winter time (UTC+1): 359 hours before, not 360.
    group = samples.group(brussels(2027, 4, 5, 9))
    assert group.starts_at - brussels(2027, 3, 21, 9) == timedelta(hours=359)
    at_the_instant = samples.group_cancelled(group, brussels(2027, 3, 21, 9))
    assert cancellation_fee(at_the_instant, RULES) is None
    a_second_after = samples.group_cancelled(group, brussels(2027, 3, 21, 9, 0, 1))
    fee = cancellation_fee(a_second_after, RULES)
    assert fee is not None
    assert fee.days_before_start == 14
    # 360 hours before the start is an hour earlier on the wall clock: free.
    counted_in_hours = samples.group_cancelled(group, group.starts_at - timedelta(hours=360))
    assert cancellation_fee(counted_in_hours, RULES) is None


def test_r_i14_the_instant_is_on_the_wall_clock_across_the_autumn_change(samples):
    # Monday 8 November 2027 10:00 is winter time; 15 days before, Sunday 24 October
    # 10:00, is summer time: 361 hours before. An hour after 360 hours is still free.
    group = samples.group(brussels(2027, 11, 8, 10))
    assert group.starts_at - brussels(2027, 10, 24, 10) == timedelta(hours=361)
    counted_in_hours = samples.group_cancelled(group, group.starts_at - timedelta(hours=360))
    assert cancellation_fee(counted_in_hours, RULES) is not None
    at_the_instant = samples.group_cancelled(group, brussels(2027, 10, 24, 10))
    assert cancellation_fee(at_the_instant, RULES) is None


def test_r_i14_a_cancellation_late_the_same_evening_is_charged(samples):
    # Starts Monday 5 April 2027 09:00; Sunday 21 March 23:59 is after 09:00: charged
    # (a calendar-day count had let the whole 21st go free).
    group = samples.group(brussels(2027, 4, 5, 9))
    fee = cancellation_fee(samples.group_cancelled(group, brussels(2027, 3, 21, 23, 59)), RULES)
    assert fee is not None
    assert fee.days_before_start == 14


def test_r_i14_the_limit_is_counted_on_the_brussels_calendar_not_in_utc(samples):
    group = samples.group()
    # Monday 22 March 00:30 in Brussels is still Sunday 21 March 23:30 in UTC: 14 days.
    just_after_midnight = datetime(2027, 3, 21, 23, 30, tzinfo=UTC)
    fee = cancellation_fee(samples.group_cancelled(group, just_after_midnight), RULES)
    assert fee is not None
    assert fee.days_before_start == 14


def test_r_i14_a_cancellation_on_the_day_of_the_class_costs_375(samples):
    group = samples.group()
    fee = cancellation_fee(
        samples.group_cancelled(group, group.starts_at - timedelta(hours=2)), RULES
    )
    assert fee is not None
    assert (fee.amount, fee.days_before_start) == (Decimal("375.00"), 0)


def test_r_i15_a_missing_list_costs_375_under_the_key_a_cancellation_would_use(samples):
    group = samples.group()
    fee = list_missing_fee(samples.list_missing(group), RULES)
    assert fee is not None
    assert (fee.reason, fee.amount, fee.key) == (
        FeeReason.MISSING_LIST,
        Decimal("375.00"),
        flat_fee_key(group.group_id),
    )


def test_r_i15_a_cancellation_after_the_list_went_missing_is_the_missing_list_fee(samples):
    group = samples.group()
    event = samples.group_cancelled(
        group, group.starts_at - timedelta(days=2), participant_list_missing=True
    )
    fee = cancellation_fee(event, RULES)
    assert fee is not None
    assert (fee.reason, fee.key) == (FeeReason.MISSING_LIST, flat_fee_key(group.group_id))


def test_r_i16_four_attendees_cost_2_x_150_00(samples):
    group = samples.group()
    fee = shortfall_fee(samples.group_completed(group, attended=4), RULES)
    assert fee is not None
    assert (fee.reason, fee.amount, fee.missing, fee.key) == (
        FeeReason.SHORTFALL,
        Decimal("300.00"),
        2,
        shortfall_key(group.group_id),
    )


def test_r_i16_six_attendees_or_more_cost_nothing(samples):
    group = samples.group()
    assert shortfall_fee(samples.group_completed(group, attended=6), RULES) is None
    assert shortfall_fee(samples.group_completed(group, attended=9), RULES) is None


def test_r_i16_nobody_attending_costs_6_x_150_00(samples):
    fee = shortfall_fee(samples.group_completed(samples.group(), attended=0), RULES)
    assert fee is not None
    assert fee.amount == Decimal("900.00")


def test_the_amounts_and_thresholds_are_configuration(samples):
    rules = FeeRules(
        late_cancellation_fee=Decimal("400.50"),
        late_cancellation_days=20,
        shortfall_fee_per_person=Decimal("99.99"),
        shortfall_minimum_attendees=8,
    )
    group = samples.group()
    cancelled = samples.group_cancelled(group, group.starts_at - timedelta(days=19))
    assert cancellation_fee(cancelled, rules).amount == Decimal("400.50")
    assert shortfall_fee(samples.group_completed(group, attended=5), rules).amount == Decimal(
        "299.97"
    )


def test_a_fee_set_to_zero_is_not_charged(samples):
    rules = FeeRules(late_cancellation_fee=Decimal("0"), missing_list_fee=Decimal("0"))
    group = samples.group()
    cancelled = samples.group_cancelled(group, group.starts_at - timedelta(days=1))
    assert cancellation_fee(cancelled, rules) is None
    assert list_missing_fee(samples.list_missing(group), rules) is None
