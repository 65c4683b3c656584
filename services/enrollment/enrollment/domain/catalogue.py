"""The catalogue's rules: how a course code is spelled, when a session may be scheduled."""

from __future__ import annotations

from datetime import datetime

from enrollment.domain.refusals import SessionDatesReversed, SessionInThePast


def course_code(raw: str) -> str:
    """The one spelling of a course code, stored and compared: trimmed, upper case."""
    return raw.strip().upper()


def check_session_dates(starts_at: datetime, ends_at: datetime, *, now: datetime) -> None:
    """A session ends after it starts, and is scheduled in the future."""
    if ends_at <= starts_at:
        raise SessionDatesReversed("ends_at must be after starts_at", field="ends_at")
    if starts_at <= now:
        raise SessionInThePast("starts_at must be in the future", field="starts_at")
