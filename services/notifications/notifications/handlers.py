"""What notifications does when an event arrives."""

from __future__ import annotations

import uuid

import structlog

from chassis.unit_of_work import UnitOfWork
from contracts.accounts import UserRegisteredV1
from notifications.models import Message

log = structlog.get_logger("notifications")

PENDING = "pending"


async def welcome_new_user(event: UserRegisteredV1, uow: UnitOfWork) -> None:
    """A new account gets a welcome message in the person's language (R-A1)."""
    if uow.caused_by is None:
        raise RuntimeError("welcome_new_user runs in a consumer, which knows its event")
    message = Message(
        id=uuid.uuid4(),
        event_id=uow.caused_by.event_id,
        template="welcome",
        recipient_user_id=event.user_id,
        recipient_email=event.email,
        language=event.language,
        context={"full_name": event.full_name},
        status=PENDING,
        attempts=0,
        created_at=uow.clock.now(),
        sent_at=None,
    )
    uow.session.add(message)
    log.info("welcome message recorded", message_id=str(message.id), template="welcome")
