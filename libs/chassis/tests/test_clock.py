from datetime import UTC, datetime, timedelta, timezone

import pytest

from chassis.clock import ManualClock, SystemClock


def test_the_manual_clock_moves_only_when_told():
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(timedelta(days=21))
    assert clock.now() == datetime(2026, 1, 22, tzinfo=UTC)


def test_clocks_speak_utc():
    brussels_winter = timezone(timedelta(hours=1))
    clock = ManualClock(datetime(2026, 1, 1, 10, tzinfo=brussels_winter))
    assert clock.now() == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert SystemClock().now().tzinfo is UTC


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 1, 1))
