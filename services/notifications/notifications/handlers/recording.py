"""What notifications does when an event arrives: record the messages it owes.

Each consumer records one message per recipient and commits, with the inbox
row the chassis adds to the same transaction. The unique constraint on
(event_id, template, recipient_email) makes a second recording of the same
event a no-op even if the inbox were bypassed: never twice for the same event
and recipient. Delivery happens later (`delivery.py`); nothing here talks to a
mail server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from contracts.enrollment import ValidationOverdueV1
from notifications.adapters.erased import erased_among
from notifications.adapters.messages import insert_owed
from notifications.domain import addressing
from notifications.domain.addressing import Owed
from notifications.domain.catalogue import DEFAULT_LANGUAGE
from notifications.domain.staff import STAFF_RECIPIENT
from notifications.handlers import Uow

log = structlog.get_logger("notifications")

Handler = Callable[[Any, Uow], Awaitable[None]]


async def record(owed: list[Owed], uow: Uow) -> int:
    """Record each owed message as pending, due now; return how many were new.

    A step of the caller's transaction, which commits.
    """
    if uow.caused_by is None:
        raise RuntimeError("messages are recorded in a consumer, which knows its event")
    event_id = uow.caused_by.event_id
    now = uow.clock.now()
    recorded = 0
    # An event still in flight when its person was erased on request owes them nothing.
    erased = await erased_among(uow.session, {m.recipient_email for m in owed}) if owed else set()
    for message in owed:
        if message.recipient_email in erased:
            continue
        new = await insert_owed(uow.session, message, event_id=event_id, now=now)
        recorded += int(new)
        # The context is not logged: it may hold a link with a token. DEBUG: one line
        # per message recorded is a hot path, and the row itself is the record.
        log.debug("message recorded", template=message.template.value, new=new)
    return recorded


def recording(address: Callable[[Any], list[Owed]]) -> Handler:
    """A consumer handler that records what `address` says the event owes, and commits."""

    async def handle(event: Any, uow: Uow) -> None:
        await record(address(event), uow)
        await uow.commit()

    handle.__name__ = f"record_{address.__name__}"
    handle.__doc__ = address.__doc__
    return handle


welcome_new_user = recording(addressing.welcome)


async def alert_staff_of_overdue_validation(event: ValidationOverdueV1, uow: Uow) -> None:
    """R-C2: staff are alerted once per overdue request, at their shared mailbox.

    The message is addressed to the staff role and `staff_alerts_email` is
    looked up when it is sent (`domain/staff.py`), so a change of that setting
    also redirects the alerts not sent yet.
    """
    owed = addressing.validation_overdue(
        event, staff_email=STAFF_RECIPIENT, language=DEFAULT_LANGUAGE
    )
    await record(owed, uow)
    await uow.commit()
