"""What notifications does when an event arrives: record the messages it owes.

Each consumer records one message per recipient and commits, with the inbox
row the chassis adds to the same transaction: one INSERT for all of an event's
messages, which leaves out those to people erased on request. The unique constraint on
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

    A step of the caller's transaction, which commits. An event still in flight when its
    person was erased on request owes them nothing: that check is part of the INSERT.
    """
    if uow.caused_by is None:
        raise RuntimeError("messages are recorded in a consumer, which knows its event")
    if not owed:
        return 0
    connection = await uow.session.connection()
    recorded = await insert_owed(
        connection, owed, event_id=uow.caused_by.event_id, now=uow.clock.now()
    )
    # The context is not logged: it may hold a link with a token. DEBUG and one line per
    # event: this is a hot path, and the rows themselves are the record.
    templates = ",".join(sorted({m.template.value for m in owed}))
    log.debug("message recorded", template=templates, owed=len(owed), new=recorded)
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
