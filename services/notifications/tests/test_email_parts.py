"""What a mail reader receives: a plain-text and an HTML part (multipart/alternative), its
Message-ID and Date, and a calendar file (parsed back with `icalendar`) for every session
or class date the email announces; and, without an SMTP server, the `.eml` folder."""

from __future__ import annotations

import email
import email.policy
import re
from email.utils import parsedate_to_datetime
from uuid import uuid4

import pytest
from icalendar import Calendar

from notifications.adapters import composing
from notifications.adapters.composing import compose
from notifications.adapters.links import context_for_sending
from notifications.adapters.mail_queue import Claimed
from notifications.domain.addressing import booking_confirmation
from notifications.domain.rendering import render
from notifications.entrypoints.scans import delivery_pass

from .conftest import NOW, SENDER


def calendar_of(mail) -> Calendar | None:
    files = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    if not files:
        return None
    [attached] = files
    assert attached.get_filename().endswith(".ics")
    return Calendar.from_ical(attached.get_content())


async def test_an_email_has_a_text_and_an_html_part_a_message_id_and_a_date(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered_v2(language="nl"))
    await delivery_pass(notifications.runtime)

    [mail] = notifications.smtp.to("ann@example.be")
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Bevestig uw e-mailadres via deze link" in text
    assert '<html lang="nl">' in html
    assert '<a href="https://portal.example/verify-email?token=SECRET-VERIFY">' in html
    assert mail["Message-ID"].endswith("@training.example>")
    assert parsedate_to_datetime(mail["Date"]) == notifications.clock.now()
    assert calendar_of(mail) is None


async def test_r_c3_the_confirmation_carries_both_parts_and_the_sessions_calendar_file(
    notifications, events, deliver_event
):
    event = events.validated(trainee_email="manager@corp.example")
    await deliver_event(notifications, event)
    await delivery_pass(notifications.runtime)

    [mail] = notifications.smtp.to("manager@corp.example")
    assert mail.get_content_type() == "multipart/mixed"
    [alternative, _] = mail.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    [session] = calendar_of(mail).walk("VEVENT")
    assert session.decoded("DTSTART") == event.session.starts_at
    assert str(session["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("outcome", "status"), [("moved", "CONFIRMED"), ("cancelled", "CANCELLED")]
)
async def test_r_c5_a_moved_or_cancelled_booking_updates_the_readers_calendar(
    notifications, events, deliver_event, outcome, status
):
    event = events.resolved(outcome)
    await deliver_event(notifications, event)
    await delivery_pass(notifications.runtime)

    [mail] = notifications.smtp.to("manager@corp.example")
    [session] = calendar_of(mail).walk("VEVENT")
    # The confirmation's UID: the calendar replaces (or drops) the event it already holds.
    assert str(session["UID"]) == f"booking-{event.booking_id}@training.example"
    assert (session.decoded("DTSTART"), str(session["STATUS"])) == (
        event.session.starts_at,
        status,
    )


async def test_r_c5_a_declined_change_announces_no_date_and_carries_no_calendar(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.resolved("declined"))
    await delivery_pass(notifications.runtime)
    [mail] = notifications.smtp.to("manager@corp.example")
    assert calendar_of(mail) is None


@pytest.mark.parametrize("kind", ["reminder_due", "list_missing"])
async def test_an_in_company_email_announcing_the_class_carries_its_calendar_file(
    notifications, events, deliver_event, kind
):
    event = getattr(events, kind)()
    await deliver_event(notifications, event)
    await delivery_pass(notifications.runtime)
    [mail] = notifications.smtp.to(str(event.hr_contact.email).lower())
    [group] = calendar_of(mail).walk("VEVENT")
    assert group.decoded("DTSTART") == event.group.starts_at
    assert str(group["UID"]) == f"incompany-group-{event.group.group_id}@training.example"


async def test_without_an_smtp_server_each_email_is_written_to_the_mail_folder(
    start_notifications, events, deliver_event, tmp_path
):
    folder = tmp_path / "mail"
    service = await start_notifications(mail_folder=folder)
    await deliver_event(service, events.validated(trainee_email="manager@corp.example"))

    report = await delivery_pass(service.runtime)

    assert report.sent == 1
    [path] = folder.glob("*.eml")
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "manager@corp.example"
    assert mail["Subject"] == "Inscription confirmée : Python pour débutants"
    assert calendar_of(mail) is not None
    assert list(folder.glob("*.partial")) == []


def test_the_header_classes_made_once_change_no_byte_of_an_email(
    monkeypatch, events, link_settings
):
    """`composing.POLICY` is the standard policy with its header classes cached: the same
    email, byte for byte (but the random MIME boundaries), as `email.policy.default` makes."""
    [owed] = booking_confirmation(events.validated(trainee_email="manager@corp.example"))
    message = Claimed(
        uuid4(), owed.template.value, owed.recipient_email, "fr", owed.context, 1, NOW
    )
    context = context_for_sending(message.context, link_settings)
    rendered = render(message.template, message.language, context)
    given = {"sender": SENDER, "to": owed.recipient_email, "domain": "training.example"}

    def composed() -> bytes:
        made = compose(message, rendered, now=NOW, **given).as_bytes()
        return re.sub(rb"={15}\d+==", b"BOUNDARY", made)

    cached = composed()
    monkeypatch.setattr(composing, "POLICY", email.policy.default)
    assert composed() == cached
    assert b"text/calendar" in cached  # the attachment's headers too
