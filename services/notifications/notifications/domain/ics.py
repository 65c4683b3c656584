"""The calendar files attached to messages about a class (R-C3, R-I4, R-I9, R-I10). No I/O.

The UID is stable per booking or in-company group, so a calendar that imports
the file twice (or a later update for the same class) keeps one event; times
are in UTC, which every calendar converts to the reader's zone.

A booking's session (confirmed, then perhaps moved or cancelled) and an
in-company group's class are sent several times (recap, definitive
confirmation, platform link, then perhaps a new date or a cancellation), so
its events carry a SEQUENCE that grows with the message's time: the later
message wins in the reader's calendar, and a cancelled one removes the class.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event

PRODUCT_ID = "-//Training platform//Notifications//EN"
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
"""SEQUENCE = seconds since then: increasing, and within a 32-bit integer until 2088."""


def booking_uid(booking_id: str, domain: str) -> str:
    return f"booking-{booking_id}@{domain}"


def group_uid(group_id: str, domain: str) -> str:
    return f"incompany-group-{group_id}@{domain}"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def session_calendar(
    *,
    booking_id: str,
    session: dict[str, Any],
    stamped_at: datetime,
    domain: str,
    cancelled: bool = False,
) -> bytes:
    """An iCalendar (RFC 5545) file with one event: the booked session. A booking moved to
    another session keeps its UID with a later SEQUENCE, so the new date replaces the old
    one; a cancelled booking's event is marked cancelled, so calendars drop it."""
    calendar = _calendar()
    event = Event()
    stamp = _utc(stamped_at)
    event.add("uid", booking_uid(booking_id, domain))
    event.add("dtstamp", stamp)
    event.add("sequence", _sequence(stamp))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstart", _utc(session["starts_at"]))
    event.add("dtend", _utc(session["ends_at"]))
    event.add("summary", session["course_title"])
    event.add("location", session["location"])
    calendar.add_component(event)
    return calendar.to_ical()


def class_calendar(
    *,
    groups: list[dict[str, Any]],
    stamped_at: datetime,
    domain: str,
    cancelled: bool = False,
) -> bytes:
    """One event per in-company group (`contracts.incompany.GroupFacts` as JSON): its online
    class, with the class link as location when it is known (R-I11)."""
    calendar = _calendar()
    stamp = _utc(stamped_at)
    for group in groups:
        event = Event()
        event.add("uid", group_uid(group["group_id"], domain))
        event.add("dtstamp", stamp)
        event.add("sequence", _sequence(stamp))
        event.add("dtstart", _utc(group["starts_at"]))
        event.add("dtend", _utc(group["ends_at"]))
        event.add("summary", f"{group['course_title']} ({group['group_reference']})")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if group.get("class_link"):
            event.add("location", group["class_link"])
            event.add("url", group["class_link"])
        calendar.add_component(event)
    return calendar.to_ical()


def _sequence(stamp: datetime) -> int:
    return int((stamp - SEQUENCE_EPOCH).total_seconds())


def _utc(instant: str | datetime) -> datetime:
    value = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    if value.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(UTC)
