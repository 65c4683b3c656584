"""How often someone may try: failed logins, reset and verification emails, and what one
client address may do. No I/O.

Logins (OWASP Authentication Cheat Sheet, "account lockout"): after a few
consecutive failures for an address, each further attempt must wait a window
that doubles with every failure (1 s, 2 s, 4 s, ...), capped. Attempts made
inside the window are refused without being counted, so an attacker who
knows someone's address can keep them waiting at most the current window,
never lock them out for good; a success resets the count.

Per client address (OWASP: limit per source as well as per account): one
client trying many addresses escapes the per-address count, and every login
runs an argon2 hash. So logins, registrations and reset requests are also
counted per client address in fixed windows (`client_window_seconds`), each
attempt counted before any work; beyond the action's limit the client waits
for the window's end, refused before any hash.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

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


def may_send_verification(links_in_last_hour: int, per_hour: int = 3) -> bool:
    """A verification link goes out only if fewer than `per_hour` went out in the hour."""
    return links_in_last_hour < per_hour


class ClientAction(StrEnum):
    """What is counted per client address."""

    LOGIN = "login"
    REGISTRATION = "registration"
    PASSWORD_RESET = "password_reset"


def window_start(now: datetime, window: timedelta) -> datetime:
    """The start of the fixed window holding `now` (windows are aligned on the epoch)."""
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, UTC)


def client_wait(
    count: int, started: datetime, now: datetime, *, limit: int, window: timedelta
) -> timedelta | None:
    """How long a client whose attempt is the `count`-th of its window must wait, or None
    if the attempt may go on. The wait ends with the window."""
    if count <= limit:
        return None
    return max(started + window - now, timedelta(seconds=1))
