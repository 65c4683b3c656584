"""R-B1..R-B3: agreement prices, the weekly cut-off, and when a company sees them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from enrollment.domain.pricing import Terms, next_cutoff, price_for, terms_in_effect

PARIS = ZoneInfo("Europe/Paris")
COURSE = uuid4()
OTHER = uuid4()


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("recorded", "effective"),
    [
        (paris(2026, 11, 25, 15), paris(2026, 11, 28)),  # Wednesday -> Saturday 00:00
        (paris(2026, 11, 27, 23, 59), paris(2026, 11, 28)),  # Friday night
        (paris(2026, 11, 28, 0), paris(2026, 12, 5)),  # the update has just run
        (paris(2026, 11, 29, 10), paris(2026, 12, 5)),  # Sunday: next week's update
        (paris(2026, 3, 25, 12), paris(2026, 3, 28)),  # week before summer time
        (paris(2026, 10, 21, 12), paris(2026, 10, 24)),
    ],
)
def test_r_b3_a_change_takes_effect_at_the_next_saturday_midnight_in_paris(recorded, effective):
    cutoff = next_cutoff(recorded.astimezone(UTC))
    assert cutoff == effective
    assert cutoff.astimezone(PARIS).hour == 0


def terms(recorded: datetime, rate: str | None = None, **prices: str) -> Terms:
    return Terms(
        recorded_at=recorded,
        effective_from=next_cutoff(recorded),
        discount_rate=Decimal(rate) if rate else None,
        course_prices={COURSE if k == "course" else OTHER: Decimal(v) for k, v in prices.items()},
    )


def test_r_b3_an_agreement_changed_on_wednesday_applies_from_saturday_not_before():
    first = terms(paris(2026, 11, 4, 10), "0.10")
    change = terms(paris(2026, 11, 25, 15), "0.20")
    versions = [first, change]
    friday_night = paris(2026, 11, 27, 23, 59, 59)
    saturday = paris(2026, 11, 28, 0)
    assert terms_in_effect(versions, paris(2026, 11, 25, 16)) is first
    assert terms_in_effect(versions, friday_night) is first
    assert terms_in_effect(versions, saturday) is change


def test_r_b3_of_two_changes_in_one_week_the_last_recorded_wins_at_the_cut_off():
    monday = terms(paris(2026, 11, 23, 9), "0.10")
    thursday = terms(paris(2026, 11, 26, 9), "0.25")
    assert terms_in_effect([thursday, monday], paris(2026, 11, 28, 1)) is thursday


def test_r_b3_no_agreement_is_in_effect_before_its_first_cut_off():
    assert terms_in_effect([terms(paris(2026, 11, 25, 9), "0.10")], paris(2026, 11, 26)) is None


def test_r_b1_a_negotiated_price_wins_over_the_rate_and_the_rate_rounds_to_the_cent():
    t = terms(paris(2026, 11, 25, 9), "0.15", course="800.00")
    assert t.price_of(COURSE, Decimal("1000.00")) == Decimal("800.00")
    assert t.price_of(uuid4(), Decimal("999.99")) == Decimal("849.99")  # 849.9915


def test_r_b2_the_list_price_applies_until_the_company_has_a_validated_enrollment():
    t = terms(paris(2026, 11, 25, 9), "0.20")
    assert price_for(COURSE, Decimal("1000.00"), terms=t, first_validated=False) == Decimal(
        "1000.00"
    )
    assert price_for(COURSE, Decimal("1000.00"), terms=t, first_validated=True) == Decimal("800.00")
    assert price_for(COURSE, Decimal("1000.00"), terms=None, first_validated=True) == Decimal(
        "1000.00"
    )
