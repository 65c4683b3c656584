"""Every message exists in French, Dutch and English, and renders from what its event gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from contracts.topology import ENDED_SESSIONS, QUEUES, TEST_CLOCK_MOVED
from notifications.adapters.links import context_for_sending
from notifications.domain import addressing, ics
from notifications.domain.catalogue import LANGUAGES, Template
from notifications.domain.rendering import TemplateError, render, template_exists
from notifications.service import DEFINITION


def test_every_notification_queue_has_a_consumer():
    # Ended sessions are the chassis's to consume, in every service (issue 14).
    # So are the test clock's moves (chassis.clock_moves).
    chassis_owned = {q.name for q in ENDED_SESSIONS} | {q.name for q in TEST_CLOCK_MOVED.values()}
    ours = {q.name for q in QUEUES if q.name.startswith("notifications.")} - chassis_owned
    assert ours == {c.queue.name for c in DEFINITION.consumers}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", list(Template))
def test_every_template_exists_in_every_language(template, language):
    assert template_exists(template, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_renders_from_its_events_context_in_every_language(
    events, language, link_settings, owed_by
):
    rendered = {}
    for event in events.every_kind(language):
        for owed in owed_by(event):
            context = context_for_sending(owed.context, link_settings)  # a sealed link opened
            rendered[owed.template] = render(owed.template, language, context)
    assert set(rendered) == set(Template)
    assert all(r.subject and r.body and "\n" not in r.subject for r in rendered.values())


def test_a_missing_context_entry_is_an_error_not_a_hole():
    with pytest.raises(TemplateError, match="reset_url"):
        render("password_reset", "fr", {"expires_at": "2026-11-25T10:00:00+00:00"})


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "Réinitialisation de votre mot de passe"),
        ("nl", "Uw wachtwoord opnieuw instellen"),
        ("en", "Resetting your password"),
    ],
)
def test_r_a3_the_reset_message_is_in_the_recipients_language(events, language, subject):
    [owed] = addressing.password_reset(events.reset(language=language))
    rendered = render(owed.template, owed.language, owed.context)
    assert (rendered.subject, owed.context["reset_url"] in rendered.body) == (subject, True)


def test_r_a5_the_warning_says_old_enrollments_will_no_longer_show(events):
    [_, warning] = addressing.email_change(events.email_change(language="en"))
    body = render(warning.template, "en", warning.context).body
    assert "old@example.be will no longer show" in " ".join(body.split())


def test_r_c5_a_moved_booking_states_the_new_session_in_brussels_time(events, link_settings):
    [owed] = addressing.change_request_outcome(events.resolved("moved", language="fr"))
    rendered = render(owed.template, "fr", context_for_sending(owed.context, link_settings))
    assert rendered.subject == "Votre demande de modification : inscription déplacée"
    assert (
        "Du lundi 7 décembre 2026 à 09:30 au mardi 8 décembre 2026 à 17:00 (heure de Bruxelles)"
        in rendered.body
    )
    assert f"https://portal.example/enrollments/{owed.context['booking_id']}" in rendered.body


def test_a_subject_never_spans_two_lines_whatever_the_context(events):
    [owed] = addressing.invoice_issued(events.invoice())
    context = {
        **owed.context,
        "number": "1\nBcc: x@evil.example",
        "portal_url": "https://p.example",
    }
    rendered = render(owed.template, "fr", context)
    assert rendered.subject == "Facture 1 Bcc: x@evil.example"


def test_r_c3_the_calendar_file_holds_the_session_in_utc_with_a_stable_uid(events):
    event = events.validated()
    [owed, _] = addressing.booking_confirmation(event)
    produced = [
        ics.session_calendar(
            booking_id=owed.context["booking_id"],
            session=owed.context["session"],
            stamped_at=stamped,
            domain="training.example",
        )
        for stamped in (datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC))
    ]
    first, second = (Calendar.from_ical(p).walk("VEVENT")[0] for p in produced)
    assert (first.decoded("DTSTART"), first.decoded("DTEND"), str(first["SUMMARY"])) == (
        event.session.starts_at,
        event.session.ends_at,
        "Python pour débutants",
    )
    assert str(first["UID"]) == str(second["UID"]) == f"booking-{event.booking_id}@training.example"
    assert b"DTSTART:20261207T083000Z" in produced[0].replace(b"\r\n ", b"")
