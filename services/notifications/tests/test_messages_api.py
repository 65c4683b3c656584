"""Who may list which messages, with which filters; staff resending an uncertain message."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from sqlalchemy import update

from contracts.identity import Role
from notifications.adapters.tables import Message
from notifications.domain.lifecycle import MessageStatus


@pytest.fixture
async def notifications(start_notifications):
    """Notifications without an SMTP server: messages are recorded and stay pending."""
    return await start_notifications()


def headers(service, *roles, **claims):
    return service.minter.headers(*roles, **claims)


async def set_status(service, status: MessageStatus, **where) -> None:
    async with service.runtime.db.session() as session, session.begin():
        query = update(Message).values(status=status, last_error="451 try later")
        for column, value in where.items():
            query = query.where(getattr(Message, column) == value)
        await session.execute(query)


async def test_a_person_sees_their_own_welcome_in_their_language(
    notifications, events, deliver_event
):
    mine = events.registered(language="nl", email="mine@example.be")
    await deliver_event(notifications, mine)
    await deliver_event(notifications, events.registered(email="other@example.be"))
    answer = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.INDIVIDUAL, user_id=mine.user_id)
    )
    assert answer.status_code == 200
    [message] = answer.json()["items"]
    assert (message["recipient_email"], message["language"], message["template"]) == (
        "mine@example.be",
        "nl",
        "welcome",
    )
    assert (message["status"], message["attempts"]) == ("pending", 0)


async def test_r_a4_a_trainee_sees_what_was_sent_to_their_login_email_whatever_its_case(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.validated(trainee_email="trainee@corp.example"))
    answer = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.PARTICIPANT, email="Trainee@Corp.example")
    )
    assert [m["recipient_email"] for m in answer.json()["items"]] == ["trainee@corp.example"]


async def test_a_person_never_sees_anyone_elses_messages(notifications, events, deliver_event):
    await deliver_event(notifications, events.validated())
    answer = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.INDIVIDUAL, email="ann@example.be")
    )
    assert answer.json()["items"] == []


async def test_staff_see_every_message(notifications, events, deliver_event):
    for event in events.every_kind():
        await deliver_event(notifications, event)
    answer = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.CUSTOMER_SERVICE), params={"limit": 200}
    )
    assert len(answer.json()["items"]) == 15 + 6 + 16  # customer space, sealed links, in-company


async def test_staff_filter_by_status_and_template(notifications, events, deliver_event):
    await deliver_event(notifications, events.registered())
    await deliver_event(notifications, events.reset())
    await deliver_event(notifications, events.invoice())
    await set_status(notifications, MessageStatus.FAILED, template="invoice_issued")
    await set_status(notifications, MessageStatus.FAILED, template="welcome")
    answer = await notifications.client.get(
        "/messages",
        headers=headers(notifications, Role.CUSTOMER_SERVICE),
        params={"status": "failed", "template": "invoice_issued"},
    )
    assert [(m["template"], m["status"]) for m in answer.json()["items"]] == [
        ("invoice_issued", "failed")
    ]


async def test_an_unknown_status_filter_is_refused_naming_the_field(notifications):
    answer = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.ADMIN), params={"status": "lost"}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "query.status"


async def test_the_mail_servers_answer_is_shown_to_staff_only(notifications, events, deliver_event):
    event = events.registered()
    await deliver_event(notifications, event)
    await set_status(notifications, MessageStatus.PENDING)
    own = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.INDIVIDUAL, user_id=event.user_id)
    )
    staff = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.CUSTOMER_SERVICE)
    )
    assert (own.json()["items"][0]["last_error"], staff.json()["items"][0]["last_error"]) == (
        None,
        "451 try later",
    )


async def test_listing_messages_needs_a_token(notifications):
    assert (await notifications.client.get("/messages")).status_code == 401


async def only_id(service) -> str:
    answer = await service.client.get("/messages", headers=headers(service, Role.ADMIN))
    [message] = answer.json()["items"]
    return message["id"]


async def test_staff_resend_an_uncertain_message_after_review(notifications, events, deliver_event):
    await deliver_event(notifications, events.registered())
    await set_status(notifications, MessageStatus.UNCERTAIN)
    message_id = await only_id(notifications)
    answer = await notifications.client.post(
        f"/messages/{message_id}/resend", headers=headers(notifications, Role.CUSTOMER_SERVICE)
    )
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["next_attempt_at"]) == (
        "pending",
        "2026-11-25T09:00:00Z",
    )


async def test_a_pending_message_cannot_be_resent(notifications, events, deliver_event):
    await deliver_event(notifications, events.registered())
    message_id = await only_id(notifications)
    answer = await notifications.client.post(
        f"/messages/{message_id}/resend", headers=headers(notifications, Role.ADMIN)
    )
    assert (answer.status_code, answer.json()["detail"]) == (
        409,
        "only an uncertain or failed message can be resent; this one is pending",
    )


async def test_only_customer_service_and_admins_resend(notifications, events, deliver_event):
    await deliver_event(notifications, events.registered())
    await set_status(notifications, MessageStatus.UNCERTAIN)
    message_id = await only_id(notifications)
    url = f"/messages/{message_id}/resend"
    anonymous = await notifications.client.post(url)
    customer = await notifications.client.post(url, headers=headers(notifications, Role.INDIVIDUAL))
    assert (anonymous.status_code, customer.status_code) == (401, 403)


async def test_resending_an_unknown_message_is_not_found(notifications):
    answer = await notifications.client.post(
        f"/messages/{uuid4()}/resend", headers=headers(notifications, Role.ADMIN)
    )
    assert answer.status_code == 404


async def test_resend_refusals_carry_a_code_a_client_can_branch_on(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered())
    admin = headers(notifications, Role.ADMIN)
    pending = await notifications.client.post(
        f"/messages/{await only_id(notifications)}/resend", headers=admin
    )
    unknown = await notifications.client.post(f"/messages/{uuid4()}/resend", headers=admin)
    assert (pending.json()["code"], unknown.json()["code"]) == ("not_resendable", "unknown_message")


async def test_the_list_pages_newest_first_with_a_cursor_to_its_end(
    notifications, events, deliver_event
):
    for event in events.every_kind():
        await deliver_event(notifications, event)
    staff = headers(notifications, Role.CUSTOMER_SERVICE)
    seen, url, params = [], "/messages", {"limit": 7}
    while url:
        answer = await notifications.client.get(url, params=params, headers=staff)
        assert answer.status_code == 200, answer.text
        seen += answer.json()["items"]
        url, params = answer.json()["next"], None
    whole = await notifications.client.get("/messages", params={"limit": 200}, headers=staff)
    assert [m["id"] for m in seen] == [m["id"] for m in whole.json()["items"]]
    assert len(seen) > 7 * 4
    assert len({m["id"] for m in seen}) == len(seen)
    keys = [(m["created_at"], m["id"]) for m in seen]
    assert keys == sorted(keys, reverse=True)


async def test_a_huge_offset_is_refused_not_500_and_a_page_is_bounded(notifications):
    """Finding 7: `?offset=201056650517320963362652160` answered 500 on SQLite."""
    admin = headers(notifications, Role.ADMIN)
    for params in (
        {"offset": "201056650517320963362652160"},
        {"offset": "50"},
        {"limit": "201"},
        {"limit": "201056650517320963362652160"},
    ):
        answer = await notifications.client.get("/messages", params=params, headers=admin)
        assert answer.status_code == 422, (params, answer.text)
    moved_on = await notifications.client.get("/messages", params={"offset": 50}, headers=admin)
    assert moved_on.json()["code"] == "offset_removed"
    first = await notifications.client.get("/messages", params={"offset": 0}, headers=admin)
    assert first.status_code == 200  # an old client's first page still reads


async def test_staff_filter_by_recipient_and_by_when_it_was_recorded(
    notifications, events, deliver_event
):
    await deliver_event(notifications, events.registered(email="early@example.be"))
    notifications.clock.advance(timedelta(hours=2))
    await deliver_event(notifications, events.registered(email="late@example.be"))
    staff = headers(notifications, Role.CUSTOMER_SERVICE)

    async def recipients(**params):
        answer = await notifications.client.get("/messages", params=params, headers=staff)
        assert answer.status_code == 200, answer.text
        return [m["recipient_email"] for m in answer.json()["items"]]

    assert await recipients(recipient="Late@Example.be") == ["late@example.be"]
    assert await recipients(created_from="2026-11-25T10:00:00Z") == ["late@example.be"]
    assert await recipients(created_until="2026-11-25T11:00:00+01:00") == ["early@example.be"]
    assert await recipients() == ["late@example.be", "early@example.be"]


async def test_an_unverified_sign_up_does_not_read_what_was_sent_to_its_address(
    notifications, events, deliver_event
):
    """Finding 1: what was sent to an address shows by that address only once verified;
    what was sent to the account itself (by user id) shows at once."""
    await deliver_event(notifications, events.validated(trainee_email="trainee@corp.example"))
    own = events.registered(email="trainee@corp.example")
    await deliver_event(notifications, own)
    claims = {"user_id": own.user_id, "email": "trainee@corp.example"}
    unverified = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.INDIVIDUAL, email_verified=False, **claims)
    )
    verified = await notifications.client.get(
        "/messages", headers=headers(notifications, Role.INDIVIDUAL, **claims)
    )
    assert [m["template"] for m in unverified.json()["items"]] == ["welcome"]
    assert len(verified.json()["items"]) > 1  # the trainee's confirmation too


async def test_a_refusal_reads_in_french_and_dutch(notifications):
    admin = headers(notifications, Role.ADMIN)
    for language, detail in (
        ("fr", "aucun message à cette adresse"),
        ("nl", "geen bericht op dit adres"),
    ):
        answer = await notifications.client.post(
            f"/messages/{uuid4()}/resend", headers={**admin, "Accept-Language": language}
        )
        assert answer.json()["detail"] == detail
