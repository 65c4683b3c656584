"""What notifications does when an event arrives: record the messages it owes.

Each consumer records one message per recipient in the handler's transaction
(the chassis commits it with the inbox row). The unique constraint on
(event_id, template, recipient_email) with ON CONFLICT DO NOTHING makes a
second recording of the same event a no-op even if the inbox were bypassed:
never twice for the same event and recipient. Delivery happens later
(`delivery.py`); nothing here talks to a mail server.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from chassis.unit_of_work import UnitOfWork
from contracts.enrollment import ValidationOverdueV1
from notifications import addressing
from notifications.addressing import Owed
from notifications.catalogue import DEFAULT_LANGUAGE
from notifications.models import Message, MessageStatus
from notifications.staff import STAFF_RECIPIENT

log = structlog.get_logger("notifications")

Handler = Callable[[Any, UnitOfWork], Awaitable[None]]


async def record(owed: list[Owed], uow: UnitOfWork) -> int:
    """Record each owed message as pending, due now; return how many were new."""
    if uow.caused_by is None:
        raise RuntimeError("messages are recorded in a consumer, which knows its event")
    event_id = uow.caused_by.event_id
    now = uow.clock.now()
    dialect = uow.session.bind.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    recorded = 0
    for message in owed:
        statement = (
            insert(Message)
            .values(
                id=uuid.uuid4(),
                event_id=event_id,
                template=message.template.value,
                recipient_user_id=message.recipient_user_id,
                recipient_email=message.recipient_email,
                language=message.language,
                context=message.context,
                status=MessageStatus.PENDING.value,
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
            .on_conflict_do_nothing(index_elements=["event_id", "template", "recipient_email"])
        )
        new: int = (await uow.session.execute(statement)).rowcount  # type: ignore[attr-defined]
        recorded += new
        # The context is not logged: it may hold a link with a token. DEBUG: one line
        # per message recorded is a hot path, and the row itself is the record.
        log.debug("message recorded", template=message.template.value, new=new == 1)
    return recorded


def recording(address: Callable[[Any], list[Owed]]) -> Handler:
    """A consumer handler that records what `address` says the event owes."""

    async def handle(event: Any, uow: UnitOfWork) -> None:
        await record(address(event), uow)

    handle.__name__ = f"record_{address.__name__}"
    handle.__doc__ = address.__doc__
    return handle


welcome_new_user = recording(addressing.welcome)


async def alert_staff_of_overdue_validation(event: ValidationOverdueV1, uow: UnitOfWork) -> None:
    """R-C2: staff are alerted once per overdue request, at their shared mailbox.

    The chassis gives a handler no settings, so the message is addressed to the
    staff role and `staff_alerts_email` is looked up when it is sent.
    """
    owed = addressing.validation_overdue(
        event, staff_email=STAFF_RECIPIENT, language=DEFAULT_LANGUAGE
    )
    await record(owed, uow)
