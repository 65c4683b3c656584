"""How often someone may try: failed logins and password-reset emails. No I/O.

Logins (OWASP Authentication Cheat Sheet, "account lockout"): after a few
consecutive failures for an address, each further attempt must wait a window
that doubles with every failure (1 s, 2 s, 4 s, ...), capped. Attempts made
inside the window are refused without being counted, so an attacker who
knows someone's address can keep them waiting at most the current window,
never lock them out for good; a success resets the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

_MAX_DOUBLINGS = 30  # 2**30 s is far beyond any cap: avoids huge numbers


def login_wait(
    consecutive_failures: int,
    last_failure_at: datetime | None,
    now: datetime,
    *,
    free_attempts: int = 5,
    max_wait: timedelta = timedelta(minutes=15),
) -> timedelta | None:
    """How long the next login attempt for an address must wait, or None if it may go now."""
    if consecutive_failures < free_attempts or last_failure_at is None:
        return None
    doublings = min(consecutive_failures - free_attempts, _MAX_DOUBLINGS)
    window = min(timedelta(seconds=2**doublings), max_wait)
    remaining = last_failure_at + window - now
    return remaining if remaining > timedelta(0) else None


def may_send_reset(requests_in_last_hour: int, per_hour: int = 3) -> bool:
    """R-A3: a reset email goes out only if the address asked fewer than `per_hour` times.

    `requests_in_last_hour` counts the earlier requests, not the current one.
    """
    return requests_in_last_hour < per_hour
