"""In-company messages delivered to a real SMTP server (aiosmtpd): the calendar file where
the message concerns the class, none elsewhere, and never twice for one event and recipient."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from notifications.adapters.tables import Message
from notifications.entrypoints.scans import delivery_pass


def calendar_events(mail) -> list:
    attachments = [a for a in mail.iter_attachments() if a.get_content_type() == "text/calendar"]
    if not attachments:
        return []
    [attachment] = attachments
    return Calendar.from_ical(attachment.get_content()).walk("VEVENT")


async def deliver_and_send(notifications, deliver_event, event):
    await deliver_event(notifications, event)
    return await delivery_pass(notifications.runtime)


async def test_r_i4_the_recap_carries_one_calendar_event_per_group(
    notifications, events, deliver_event
):
    event = events.request_confirmed()
    await deliver_and_send(notifications, deliver_event, event)
    [mail] = notifications.smtp.to("hr@dupont.example")
    found = calendar_events(mail)
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in found] == [
        (g.starts_at, g.ends_at) for g in event.groups
    ]
    assert [str(e["UID"]) for e in found] == [
        f"incompany-group-{g.group_id}@training.example" for g in event.groups
    ]
    assert str(found[0]["SUMMARY"]) == "Excel avancé (IC2027-0003-01)"
    assert str(found[0]["LOCATION"]) == "https://meet.example/IC2027-0003-01"
    lines = mail.get_body(("plain",)).get_content().splitlines()
    assert "IC2027-0003/01 - Excel avancé - 03/03/2027 - 09:00-12:30" in lines


async def test_r_i9_hr_and_each_participant_get_the_confirmation_with_the_class_calendar(
    notifications, events, deliver_event
):
    event = events.definitively_confirmed()
    report = await deliver_and_send(notifications, deliver_event, event)
    assert report.sent == 3
    for address in ("hr@dupont.example", "pierre@dupont.example", "sofie@dupont.example"):
        [mail] = notifications.smtp.to(address)
        [found] = calendar_events(mail)
        assert found.decoded("DTSTART") == event.group.starts_at
        assert str(found["STATUS"]) == "CONFIRMED"


async def test_r_i10_the_platform_link_is_mailed_with_the_calendar_and_not_kept_once_sent(
    notifications, events, deliver_event
):
    event = events.platform_link()
    await deliver_and_send(notifications, deliver_event, event)
    [mail] = notifications.smtp.to("pierre@dupont.example")
    assert event.platform_url in mail.get_body(("plain",)).get_content()
    assert len(calendar_events(mail)) == 1
    async with notifications.runtime.db.session() as session:
        message = await session.scalar(select(Message))
    assert "platform_url" not in message.context


async def test_r_i13_the_cancellation_cancels_the_class_in_the_calendars(
    notifications, events, deliver_event
):
    confirmed = events.definitively_confirmed()
    await deliver_and_send(notifications, deliver_event, confirmed)
    notifications.clock.advance(timedelta(days=2))
    cancelled = events.group_cancelled().model_copy(update={"group": confirmed.group})
    await deliver_and_send(notifications, deliver_event, cancelled)
    first, second = notifications.smtp.to("pierre@dupont.example")
    [before], [after] = calendar_events(first), calendar_events(second)
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])  # the later message wins


async def test_messages_that_announce_no_class_date_carry_no_calendar(
    notifications, events, deliver_event
):
    # Dates not chosen yet, a class already over, a fee: nothing to put in a calendar. (The
    # reminder and the missing list announce the class: tests/test_email_parts.py.)
    for event in (events.dates_proposed(), events.evaluation_invited(), events.fee_invoice()):
        await deliver_event(notifications, event)
    report = await delivery_pass(notifications.runtime)
    assert report.sent == 3
    assert [calendar_events(m) for m in notifications.smtp.accepted] == [[]] * 3


async def test_a_redelivered_in_company_event_is_sent_once_per_recipient(
    notifications, events, deliver_event
):
    event = events.group_cancelled()
    envelope = await deliver_event(notifications, event)
    await deliver_event(notifications, event, envelope)
    await delivery_pass(notifications.runtime)
    await deliver_event(notifications, event, envelope)
    await delivery_pass(notifications.runtime)
    assert sorted(notifications.smtp.recipients) == [
        "hr@dupont.example",
        "pierre@dupont.example",
        "sofie@dupont.example",
    ]
