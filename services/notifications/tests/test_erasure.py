"""Issue 18: a person's account erased, notifications deletes every message to them."""

from __future__ import annotations

from sqlalchemy import select

from contracts.accounts import UserErasedV1
from notifications.adapters.tables import Message

from .conftest import deliver


async def recipients(service) -> list[str]:
    async with service.runtime.db.session() as session:
        return sorted(await session.scalars(select(Message.recipient_email)))


async def test_every_message_to_an_erased_person_is_deleted_and_others_stay(
    start_notifications, events
):
    service = await start_notifications()
    erased = events.registered_v2(email="ann@example.be")
    await deliver(service, erased)
    await deliver(service, events.registered_v2(email="bob@example.be"))
    assert await recipients(service) == ["ann@example.be", "bob@example.be"]
    await deliver(service, UserErasedV1(user_id=erased.user_id, email="Ann@Example.be"))
    assert await recipients(service) == ["bob@example.be"]


async def test_an_event_still_in_flight_owes_an_erased_person_nothing(start_notifications, events):
    service = await start_notifications()
    late = events.registered_v2(email="Cleo@Example.be")
    await deliver(service, UserErasedV1(user_id=late.user_id, email="cleo@example.be"))
    await deliver(service, late)  # consumed after the erasure, from another queue
    await deliver(service, events.registered_v2(email="dan@example.be"))
    assert await recipients(service) == ["dan@example.be"]
    async with service.runtime.db.session() as session:
        stored = [str(v) for m in await session.scalars(select(Message)) for v in vars(m).values()]
    assert not any("cleo" in value.lower() for value in stored)
