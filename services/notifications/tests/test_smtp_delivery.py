"""Delivery to a real SMTP server (aiosmtpd): languages, calendar file, retries, at most once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import structlog
from icalendar import Calendar
from sqlalchemy import select, update

from contracts import Envelope
from notifications.adapters import mail_queue
from notifications.adapters.tables import Message
from notifications.domain.lifecycle import MessageStatus
from notifications.entrypoints.scans import delivery_pass
from notifications.handlers.delivery import Unrecorded
from notifications.handlers.recording import welcome_new_user
from notifications.service import DEFINITION
from testkit.services import wait_until


async def messages(service) -> list[Message]:
    async with service.runtime.db.session() as session:
        return list((await session.scalars(select(Message).order_by(Message.created_at))).all())


async def only_message(service) -> Message:
    [message] = await messages(service)
    return message


async def test_r_c3_the_confirmation_is_delivered_in_french_by_default_with_the_calendar_file(
    notifications, events, deliver_event
):
    event = events.validated(trainee_email="manager@corp.example")
    await deliver_event(notifications, event)

    report = await delivery_pass(notifications.runtime)

    assert report.sent == 1
    [mail] = notifications.smtp.to("manager@corp.example")
    assert mail["Subject"] == "Inscription confirmée : Python pour débutants"
    assert "Lieu : 12 rue de la Paix, Paris" in mail.get_body(("plain",)).get_content()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    [session] = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert (session.decoded("DTSTART"), session.decoded("DTEND"), str(session["SUMMARY"])) == (
        event.session.starts_at,
        event.session.ends_at,
        "Python pour débutants",
    )
    assert str(session["LOCATION"]) == "12 rue de la Paix, Paris"
    assert str(session["UID"]) == f"booking-{event.booking_id}@training.example"


async def test_r_c3_the_trainee_booked_by_a_manager_is_told_too(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.validated())
    await delivery_pass(notifications.runtime)
    assert sorted(notifications.smtp.recipients) == ["manager@corp.example", "trainee@corp.example"]


async def test_a_dutch_speaker_gets_dutch_and_an_english_speaker_english(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered(language="nl", email="nl@example.be"))
    await deliver_event(notifications, events.registered(language="en", email="en@example.be"))
    await delivery_pass(notifications.runtime)
    [dutch] = notifications.smtp.to("nl@example.be")
    [english] = notifications.smtp.to("en@example.be")
    assert (dutch["Subject"], english["Subject"]) == (
        "Welkom in uw klantenzone, Ann Peeters",
        "Welcome to your customer space, Ann Peeters",
    )
    assert "Het opleidingsteam" in dutch.get_body(("plain",)).get_content()


async def test_a_sent_message_is_recorded_sent_with_its_time_and_attempts(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered())
    await delivery_pass(notifications.runtime)
    message = await only_message(notifications)
    assert (message.status, message.attempts, message.sent_at) == (
        MessageStatus.SENT,
        1,
        notifications.clock.now(),
    )


async def test_every_email_carries_a_message_id_built_from_the_message_id(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered())
    await delivery_pass(notifications.runtime)
    message = await only_message(notifications)
    [mail] = notifications.smtp.accepted
    assert mail["Message-ID"] == f"<{message.id}@training.example>"


async def test_r_a5_link_to_the_new_address_and_warning_to_the_current_one(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.email_change(language="en"))
    await delivery_pass(notifications.runtime)
    [link] = notifications.smtp.to("new@example.be")
    [warning] = notifications.smtp.to("old@example.be")
    assert "token=SECRET-CHANGE" in link.get_body(("plain",)).get_content()
    assert "token=SECRET-CHANGE" not in warning.as_string()
    assert warning["Subject"] == "Change of your login address requested"


async def test_r_c2_overdue_validations_are_sent_to_the_staff_mailbox(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.overdue())
    await delivery_pass(notifications.runtime)
    [alert] = notifications.smtp.to("alerts@training.example")
    assert (
        alert["Subject"] == "Validation en retard : Python pour débutants (lundi 7 décembre 2026)"
    )


async def test_a_redelivered_event_creates_no_second_message_and_no_second_email(
    notifications, events, deliver_event
):
    event = events.validated()
    envelope = await deliver_event(notifications, event)
    await deliver_event(notifications, event, envelope)
    await delivery_pass(notifications.runtime)
    await delivery_pass(notifications.runtime)
    assert (len(await messages(notifications)), len(notifications.smtp.accepted)) == (2, 2)


async def test_recording_the_same_event_twice_past_the_inbox_still_makes_one_message(
    notifications, events
):
    event = events.registered()
    envelope = Envelope.wrap(
        event, producer="tests", occurred_at=notifications.clock.now(), correlation_id="c"
    )
    for _ in range(2):
        async with notifications.runtime.unit_of_work() as uow:
            uow.caused_by = envelope
            await welcome_new_user(event, uow)
            await uow.commit()
    assert len(await messages(notifications)) == 1


async def test_a_server_answering_try_later_is_retried_with_backoff_then_delivered(
    notifications, events, deliver_event
):
    notifications.smtp.refuse_next = 2
    await deliver_event(notifications, events.registered())

    await delivery_pass(notifications.runtime)  # 451: retry in 60 s
    first = await only_message(notifications)
    assert (first.status, first.attempts) == (MessageStatus.PENDING, 1)
    assert first.next_attempt_at == notifications.clock.now() + timedelta(seconds=60)

    notifications.clock.advance(timedelta(seconds=59))
    assert (await delivery_pass(notifications.runtime)).claimed == 0
    notifications.clock.advance(timedelta(seconds=1))
    await delivery_pass(notifications.runtime)  # 451 again: retry in 120 s
    second = await only_message(notifications)
    assert second.next_attempt_at == notifications.clock.now() + timedelta(seconds=120)

    notifications.clock.advance(timedelta(seconds=120))
    await delivery_pass(notifications.runtime)
    delivered = await only_message(notifications)
    assert (delivered.status, delivered.attempts) == (MessageStatus.SENT, 3)
    assert len(notifications.smtp.accepted) == 1
    assert {m["Message-ID"] for m in notifications.smtp.data_seen} == {
        f"<{delivered.id}@training.example>"
    }


async def test_a_closed_smtp_port_is_retried_later(
    start_notifications, closed_port, events, deliver_event
):
    service = await start_notifications(smtp_host="127.0.0.1", smtp_port=closed_port)
    await deliver_event(service, events.registered())
    report = await delivery_pass(service.runtime)
    message = await only_message(service)
    assert (report.retrying, message.status, message.attempts) == (1, MessageStatus.PENDING, 1)
    assert "before data" in (message.last_error or "")


async def test_a_message_is_given_up_after_the_last_attempt(
    start_notifications, smtp_server, events, deliver_event
):
    service = await start_notifications(
        smtp_host="127.0.0.1", smtp_port=smtp_server.port, delivery_max_attempts=2
    )
    smtp_server.sink.refuse_next = 5
    await deliver_event(service, events.registered())
    await delivery_pass(service.runtime)
    service.clock.advance(timedelta(hours=1))
    await delivery_pass(service.runtime)
    service.clock.advance(timedelta(hours=1))
    assert (await delivery_pass(service.runtime)).claimed == 0
    message = await only_message(service)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 2)


async def test_a_message_left_sending_by_a_crash_becomes_uncertain_and_is_not_resent(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered())
    # What a crash between the claim and the SMTP answer leaves behind.
    async with notifications.runtime.db.session() as session, session.begin():
        await session.execute(
            update(Message).values(
                status=MessageStatus.SENDING, sending_since=notifications.clock.now(), attempts=1
            )
        )

    notifications.clock.advance(timedelta(minutes=14))
    await delivery_pass(notifications.runtime)
    assert (await only_message(notifications)).status == MessageStatus.SENDING

    notifications.clock.advance(timedelta(minutes=1))
    report = await delivery_pass(notifications.runtime)
    notifications.clock.advance(timedelta(days=1))
    await delivery_pass(notifications.runtime)

    assert (report.uncertain, (await only_message(notifications)).status) == (
        1,
        MessageStatus.UNCERTAIN,
    )
    assert notifications.smtp.data_seen == []


async def test_an_outcome_the_database_could_not_take_is_recorded_once_it_is_back(
    notifications, events, deliver_event, monkeypatch
):
    """The email left, then the database went away before "sent" was recorded (a
    failover): the process keeps the outcome and records it at its next pass, instead of
    leaving the message "sending" until it is called uncertain; nothing is sent twice."""
    await deliver_event(notifications, events.registered())
    finish = mail_queue.finish
    lost = []

    async def database_gone(*args, **kwargs):
        lost.append(args[1])
        raise ConnectionResetError("the database went away")

    monkeypatch.setattr(mail_queue, "finish", database_gone)
    unrecorded = Unrecorded()
    with pytest.raises(ConnectionResetError):
        await delivery_pass(notifications.runtime, unrecorded)
    assert (await only_message(notifications)).status == MessageStatus.SENDING
    assert len(notifications.smtp.data_seen) == 1
    assert len(unrecorded.outcomes) == 1

    monkeypatch.setattr(mail_queue, "finish", finish)  # the database is back
    await delivery_pass(notifications.runtime, unrecorded)
    message = await only_message(notifications)
    assert (message.id, message.status) == (lost[0], MessageStatus.SENT)
    assert unrecorded.outcomes == []
    assert len(notifications.smtp.data_seen) == 1  # sent once, recorded late


async def test_a_server_silent_after_the_message_data_makes_it_uncertain_not_resent(
    start_notifications, smtp_server, events, deliver_event
):
    # The server got the whole message but its answer never came in time: it may have left.
    service = await start_notifications(
        smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_timeout_seconds=0.3
    )
    smtp_server.sink.stall_seconds = 1.0
    await deliver_event(service, events.registered())
    await delivery_pass(service.runtime)
    service.clock.advance(timedelta(days=1))
    await delivery_pass(service.runtime)
    assert (await only_message(service)).status == MessageStatus.UNCERTAIN
    assert len(smtp_server.sink.data_seen) == 1


async def test_without_an_smtp_server_messages_stay_pending(
    start_notifications, events, deliver_event
):
    service = await start_notifications(definition=DEFINITION)
    await deliver_event(service, events.registered())
    report = await delivery_pass(service.runtime)
    assert (report.claimed, (await only_message(service)).status) == (0, MessageStatus.PENDING)


async def test_the_background_loop_delivers_without_being_asked(
    start_notifications, smtp_server, events, deliver_event
):
    service = await start_notifications(
        definition=DEFINITION,
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        delivery_poll_seconds=0.05,
    )
    await deliver_event(service, events.registered())

    async def delivered() -> bool:
        return len(smtp_server.sink.accepted) == 1

    await wait_until(delivered, message="the loop to deliver the welcome message")


async def test_links_with_tokens_are_never_logged_nor_kept_once_sent(
    notifications, events, deliver_event
):
    with structlog.testing.capture_logs() as logs:
        await deliver_event(notifications, events.reset())
        await delivery_pass(notifications.runtime)
    assert "SECRET-RESET" in notifications.smtp.accepted[0].get_body(("plain",)).get_content()
    assert not any("SECRET-RESET" in repr(entry) for entry in logs)
    assert "reset_url" not in (await only_message(notifications)).context
