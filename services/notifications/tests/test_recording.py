"""Recording what an event owes: one INSERT per event, on SQLite as on PostgreSQL, that
leaves out erased people, writes each message pending and due now, and counts the new."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import select

from contracts import Envelope
from contracts.accounts import UserErasedV1
from notifications.adapters.messages import ROWS_PER_STATEMENT
from notifications.adapters.tables import Message
from notifications.domain.addressing import owe
from notifications.domain.catalogue import Template
from notifications.handlers.recording import record

from .conftest import NOW, deliver


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def new_database(request):
    """None: the service's own SQLite file; else a fresh PostgreSQL database's factory."""
    return None if request.param == "sqlite" else request.getfixturevalue("fresh_database")


@pytest.fixture
async def service(new_database, start_notifications):
    if new_database is None:
        return await start_notifications()
    return await start_notifications(database_url=await new_database())


async def record_for(service, envelope: Envelope, owed) -> int:
    async with service.runtime.unit_of_work() as uow:
        uow.caused_by = envelope
        recorded = await record(owed, uow)
        await uow.commit()
    return recorded


async def stored(service) -> list[Message]:
    async with service.runtime.db.session() as session:
        return list(await session.scalars(select(Message).order_by(Message.recipient_email)))


def an_envelope(service, event) -> Envelope:
    return Envelope.wrap(event, producer="tests", occurred_at=NOW, correlation_id="test")


async def test_an_event_records_its_messages_once_and_none_to_an_erased_person(service, events):
    await deliver(service, UserErasedV1(user_id=uuid4(), email="Gone@Example.be"))
    envelope = an_envelope(service, events.validated())
    user = uuid4()
    context = {"booking_id": "b-1", "session": {"location": "Paris"}}
    owed = [
        owe(Template.BOOKING_CONFIRMATION, "Manager@Corp.example", "nl", context, user),
        owe(Template.BOOKING_CONFIRMATION, "gone@example.be", "fr", context),
        owe(Template.BOOKING_CONFIRMATION, "trainee@corp.example", "fr", context),
        owe(Template.BOOKING_CONFIRMATION, "trainee@corp.example", "fr", context),  # twice
    ]
    assert await record_for(service, envelope, owed) == 2
    assert await record_for(service, envelope, owed) == 0  # the same event again: nothing new
    manager, trainee = await stored(service)
    assert (manager.recipient_email, trainee.recipient_email) == (
        "manager@corp.example",
        "trainee@corp.example",
    )
    assert (manager.recipient_user_id, trainee.recipient_user_id) == (user, None)
    assert (manager.language, trainee.language) == ("nl", "fr")
    for message in (manager, trainee):
        assert message.event_id == envelope.event_id
        assert message.template == Template.BOOKING_CONFIRMATION.value
        assert message.context == context
        assert (message.status, message.attempts) == ("pending", 0)
        assert message.created_at == message.next_attempt_at == service.clock.now()
        assert (message.sending_since, message.sent_at, message.last_error) == (None, None, None)
    assert manager.id != trainee.id


async def test_an_event_owing_more_than_one_statement_holds_records_them_all(service, events):
    envelope = an_envelope(service, events.validated())
    count = 2 * ROWS_PER_STATEMENT + 3
    owed = [
        owe(Template.BOOKING_CONFIRMATION, f"person{i}@example.be", "fr", {"n": i})
        for i in range(count)
    ]
    assert await record_for(service, envelope, owed) == count
    assert await record_for(service, envelope, owed[-5:]) == 0
    messages = await stored(service)
    assert sorted(m.context["n"] for m in messages) == list(range(count))


async def test_an_event_owing_nothing_records_nothing(service, events):
    assert await record_for(service, an_envelope(service, events.validated()), []) == 0
    assert await stored(service) == []
