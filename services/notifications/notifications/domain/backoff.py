"""When a failed message is tried again, and when it is given up. No I/O."""

from __future__ import annotations

from datetime import datetime, timedelta


def next_attempt_at(
    now: datetime, failed_attempts: int, *, first_delay: float, max_delay: float
) -> datetime:
    """Exponential backoff: first_delay after the 1st failure, doubling, capped at max_delay."""
    if failed_attempts < 1:
        raise ValueError("a retry follows at least one failed attempt")
    delay = min(max_delay, first_delay * 2 ** (failed_attempts - 1))
    return now + timedelta(seconds=delay)


def given_up(failed_attempts: int, max_attempts: int) -> bool:
    return failed_attempts >= max_attempts
