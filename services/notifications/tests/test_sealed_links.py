"""Single-use links arrive sealed and are opened only to render the email sent (issue 13).

What notifications stores of a link until it is sent is accounts' sealed value;
the link is built from its own `public_base_url` and the page docs/LINKS.md
names for the link's purpose; once sent, nothing of it is kept.
"""

from __future__ import annotations

import json
import re

import pytest
import structlog
from sqlalchemy import select

from notifications.adapters.links import LinkUnavailable, context_for_sending
from notifications.adapters.tables import Message
from notifications.domain import addressing
from notifications.domain.lifecycle import MessageStatus
from notifications.entrypoints.scans import delivery_pass


async def stored(service) -> list[Message]:
    async with service.runtime.db.session() as session:
        return list((await session.scalars(select(Message))).all())


def plain(mail) -> str:
    return mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("kind", "address", "page", "clear"),
    [
        ("registered_v2", "ann@example.be", "/verify-email", "SECRET-VERIFY"),
        ("verification_requested", "ann@example.be", "/verify-email", "SECRET-VERIFY-AGAIN"),
        ("invited_v2", "bob@example.be", "/set-password", "SECRET-INVITE-V2"),
        ("reset_v2", "ann@example.be", "/reset-password", "SECRET-RESET-V2"),
        ("email_change_v2", "new@example.be", "/confirm-email", "SECRET-CHANGE-V2"),
    ],
)
async def test_the_link_is_opened_only_in_the_email_and_nothing_of_it_is_kept_once_sent(
    notifications, events, deliver_event, kind, address, page, clear
):
    with structlog.testing.capture_logs() as logs:
        await deliver_event(notifications, getattr(events, kind)())
        before = await stored(notifications)
        assert clear not in json.dumps([m.context for m in before])  # sealed at rest
        assert any("sealed_link" in m.context for m in before)
        await delivery_pass(notifications.runtime)
    [mail] = notifications.smtp.to(address)
    assert f"https://portal.example{page}?token={clear}" in plain(mail)  # docs/LINKS.md
    after = await stored(notifications)
    assert all(m.status == MessageStatus.SENT for m in after)
    assert not any("sealed_link" in m.context or "_url" in str(m.context) for m in after)
    assert clear not in repr(logs)


async def test_the_welcome_without_a_link_is_the_v1_welcome_still_in_flight(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered(email="old@example.be"))
    await delivery_pass(notifications.runtime)
    [mail] = notifications.smtp.to("old@example.be")
    assert "token=" not in plain(mail)


async def test_the_email_change_warning_to_the_current_address_carries_no_link(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.email_change_v2(language="en"))
    await delivery_pass(notifications.runtime)
    [warning] = notifications.smtp.to("old@example.be")
    assert "token=" not in plain(warning)


async def test_without_the_keys_a_link_message_fails_saying_why_and_leaks_nothing(
    start_notifications, smtp_server, events, deliver_event
):
    service = await start_notifications(
        smtp_host="127.0.0.1", smtp_port=smtp_server.port, link_sealing_keys=None
    )
    await deliver_event(service, events.reset_v2())
    await delivery_pass(service.runtime)
    [message] = await stored(service)
    assert message.status == MessageStatus.FAILED
    assert "link_sealing_keys" in message.last_error
    assert smtp_server.sink.accepted == []


def test_a_sealed_link_moved_to_another_person_or_purpose_does_not_open(events, link_settings):
    [owed] = addressing.password_reset_v2(events.reset_v2())
    sealed_link = owed.context["sealed_link"]
    assert "token=" in context_for_sending(owed.context, link_settings)["reset_url"]
    for changed in (
        {**sealed_link, "subject": "00000000-0000-0000-0000-000000000000"},
        {**sealed_link, "purpose": "set_password"},
        {**sealed_link, "sealed_token": sealed_link["sealed_token"][:-4] + "AAAA"},
    ):
        with pytest.raises(LinkUnavailable):
            context_for_sending({**owed.context, "sealed_link": changed}, link_settings)


def test_the_link_points_at_the_configured_portal_never_anywhere_else(events, link_settings):
    [owed] = addressing.access_link_v2(events.invited_v2())
    elsewhere = link_settings.model_copy(update={"public_base_url": "https://other.example"})
    url = context_for_sending(owed.context, elsewhere)["set_password_url"]
    assert re.fullmatch(r"https://other\.example/set-password\?token=SECRET-INVITE-V2", url)
    assert "set_password_url" not in owed.context
