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
