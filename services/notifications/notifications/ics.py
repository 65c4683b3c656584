"""The calendar file attached to an enrollment confirmation (R-C3). No I/O.

The UID is stable per booking, so a calendar that imports the file twice (or a
later update for the same booking) keeps one event; times are in UTC, which
every calendar converts to the reader's zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event

PRODUCT_ID = "-//Training platform//Notifications//EN"


def booking_uid(booking_id: str, domain: str) -> str:
    return f"booking-{booking_id}@{domain}"


def session_calendar(
    *, booking_id: str, session: dict[str, Any], stamped_at: datetime, domain: str
) -> bytes:
    """An iCalendar (RFC 5545) file with one event: the booked session."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", booking_uid(booking_id, domain))
    event.add("dtstamp", _utc(stamped_at))
    event.add("dtstart", _utc(session["starts_at"]))
    event.add("dtend", _utc(session["ends_at"]))
    event.add("summary", session["course_title"])
    event.add("location", session["location"])
    calendar.add_component(event)
    return calendar.to_ical()


def _utc(instant: str | datetime) -> datetime:
    value = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    if value.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(UTC)
