"""The in-company fee rules (R-I13..R-I16) without I/O: amounts, the 15-day limit on the
Brussels calendar, one flat fee per group, the shortfall per missing person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

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


def test_r_i13_the_whole_15th_day_before_is_free_whatever_the_hour(samples):
    group = samples.group()  # Monday 5 April 2027, 09:00 Brussels
    # Sunday 21 March, 23:59 in Brussels (22:59 UTC): later in the day than the class starts.
    late_evening = datetime(2027, 3, 21, 22, 59, tzinfo=UTC)
    assert cancellation_fee(samples.group_cancelled(group, late_evening), RULES) is None


def test_r_i14_the_limit_is_counted_on_the_brussels_calendar_not_in_utc(samples):
    group = samples.group()
    # Monday 22 March 00:30 in Brussels is still Sunday 21 March 23:30 in UTC: 14 days.
    just_after_midnight = datetime(2027, 3, 21, 23, 30, tzinfo=UTC)
    fee = cancellation_fee(samples.group_cancelled(group, just_after_midnight), RULES)
    assert fee is not None
    assert fee.days_before_start == 14


def test_r_i13_15_days_are_calendar_days_not_360_hours_across_daylight_saving(samples):
    # The class is in summer time (5 April), the cancellation in winter time (21 March),
    # two hours later than 360 hours before the start: still on the 15th day before, free.
    group = samples.group()
    cancelled_at = group.starts_at - timedelta(hours=15 * 24) + timedelta(hours=2)
    assert cancellation_fee(samples.group_cancelled(group, cancelled_at), RULES) is None


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
