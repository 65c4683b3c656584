"""Invoice numbers: gapless per year of issue in Europe/Paris, formatted "2026-000001"."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from billing.domain.numbering import Series, format_number, numbering_year

PARIS = ZoneInfo("Europe/Paris")


def test_the_first_invoice_of_2026_is_2026_000001():
    assert format_number(Series.INVOICE, 2026, 1) == "2026-000001"


def test_credit_notes_have_their_own_prefixed_series():
    assert format_number(Series.CREDIT_NOTE, 2026, 42) == "AV-2026-000042"


def test_a_series_refuses_a_sequence_of_zero_and_one_beyond_six_digits():
    with pytest.raises(ValueError, match="start at 1"):
        format_number(Series.INVOICE, 2026, 0)
    with pytest.raises(ValueError, match="exhausted"):
        format_number(Series.INVOICE, 2026, 1_000_000)


def test_31_december_at_23_30_in_paris_is_still_the_old_year():
    instant = datetime(2026, 12, 31, 23, 30, tzinfo=PARIS)
    assert instant.astimezone(UTC).year == 2026
    assert numbering_year(instant) == 2026


def test_half_past_midnight_on_1_january_in_paris_is_the_new_year_while_utc_says_the_old():
    instant = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Paris
    assert numbering_year(instant) == 2027


def test_the_last_minute_of_the_year_in_paris_seen_from_utc_is_the_old_year():
    instant = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)  # 23:59 in Paris
    assert numbering_year(instant) == 2026


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        numbering_year(datetime(2026, 12, 31, 23, 30))
