"""Retry schedule and how dates and amounts read, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from notifications.domain import backoff, formats

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failed", "delay"), [(1, 60), (2, 120), (3, 240), (4, 480), (7, 3600), (20, 3600)]
)
def test_retries_back_off_exponentially_up_to_a_cap(failed, delay):
    assert backoff.next_attempt_at(NOW, failed, first_delay=60, max_delay=3600) == NOW + timedelta(
        seconds=delay
    )


def test_a_message_is_given_up_after_the_last_allowed_attempt():
    assert (backoff.given_up(7, 8), backoff.given_up(8, 8)) == (False, True)


def test_a_retry_needs_a_failure_first():
    with pytest.raises(ValueError, match="at least one failed attempt"):
        backoff.next_attempt_at(NOW, 0, first_delay=60, max_delay=3600)


def test_instants_read_in_brussels_time_in_winter_with_the_day_in_full():
    assert (
        formats.datetime_text("2026-12-07T08:30:00+00:00", "fr") == "lundi 7 décembre 2026 à 09:30"
    )


def test_instants_read_in_brussels_time_in_summer():
    assert (
        formats.datetime_text("2026-07-07T08:30:00+00:00", "en") == "Tuesday, 7 July 2026 at 10:30"
    )


def test_an_instant_reads_in_the_zone_the_event_names():
    assert formats.time_text("2026-07-07T08:30:00+00:00", "nl", "Europe/London") == "09:30"


@pytest.mark.parametrize(
    ("language", "name"),
    [("fr", "heure de Bruxelles"), ("nl", "tijd in Brussel"), ("en", "Brussels time")],
)
def test_the_zone_is_named_in_the_readers_language(language, name):
    assert formats.zone_name("Europe/Brussels", language) == name


def test_the_readers_zone_is_the_events_else_brussels():
    group = {"time_zone": "Europe/London"}
    assert [
        formats.reader_zone({}),
        formats.reader_zone({"group": group}),
        formats.reader_zone({"groups": [group]}),
        formats.reader_zone({"time_zone": "Europe/Paris", "group": group}),
    ] == ["Europe/Brussels", "Europe/London", "Europe/London", "Europe/Paris"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "1\u00a0234,50\u00a0€"), ("nl", "€\u00a01.234,50"), ("en", "€1,234.50")],
)
def test_amounts_are_exact_euros_in_the_readers_convention(language, text):
    assert formats.money_text("1234.5", language) == text


def test_a_remote_session_says_so_in_the_readers_language():
    assert formats.place_text("remote", "nl") == "op afstand"


def test_a_sender_without_an_address_is_refused_at_start():
    from notifications.settings import NotificationsSettings

    with pytest.raises(ValueError, match="smtp_from"):
        NotificationsSettings(service_name="notifications", smtp_from="Formations")


def test_uncertainty_waits_longer_than_an_smtp_exchange():
    from notifications.settings import NotificationsSettings

    with pytest.raises(ValueError, match="sending_timeout_seconds"):
        NotificationsSettings(
            service_name="notifications", smtp_timeout_seconds=60, sending_timeout_seconds=90
        )
