"""Login and reset throttling as plain rules: no database, time passed in."""

from datetime import UTC, datetime, timedelta

from accounts.domain.throttling import login_wait, may_send_reset

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def test_the_first_five_failures_cost_no_wait():
    for failures in range(5):
        assert login_wait(failures, NOW, NOW) is None


def test_after_five_failures_the_wait_doubles_from_one_second():
    waits = [login_wait(failures, NOW, NOW) for failures in (5, 6, 7, 8)]
    assert waits == [timedelta(seconds=s) for s in (1, 2, 4, 8)]


def test_the_wait_is_capped_at_fifteen_minutes_however_many_failures():
    assert login_wait(15, NOW, NOW) == timedelta(minutes=15)
    assert login_wait(10_000, NOW, NOW) == timedelta(minutes=15)


def test_the_wait_runs_from_the_last_failure_and_ends():
    last = NOW - timedelta(seconds=3)
    assert login_wait(7, last, NOW) == timedelta(seconds=1)  # a 4 s window, 3 s gone
    assert login_wait(7, last - timedelta(seconds=1), NOW) is None


def test_r_a3_three_reset_emails_per_hour_then_none():
    assert [may_send_reset(earlier) for earlier in range(5)] == [True, True, True, False, False]
