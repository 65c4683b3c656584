"""The delivery queue in the messages table: flag the stuck, claim the due, record an outcome.

Each function is a step of the caller's transaction, in SQLAlchemy Core on its
connection; the delivery handler commits the claim *before* any SMTP exchange and
each outcome after it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Integer, Update, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.tables import Message
from notifications.domain.lifecycle import MessageStatus

STUCK = "still sending after the timeout: it may have left; not resent"


async def flag_stuck(connection: AsyncConnection, cutoff: datetime) -> int:
    """Mark "uncertain" the messages "sending" since `cutoff` or before; how many."""
    result = await connection.execute(_FLAGGING, {"cutoff": cutoff})
    return result.rowcount


@dataclass(frozen=True)
class Claimed:
    """A message claimed for sending: what composing it and recording its outcome need,
    read as plain values (no ORM object: nothing of it is written back but the outcome)."""

    id: UUID
    template: str
    recipient_email: str
    language: str
    context: dict[str, Any]
    attempts: int
    """Attempts made, this one included."""
    created_at: datetime


async def claim_due(connection: AsyncConnection, now: datetime, batch_size: int) -> list[Claimed]:
    """Move a batch of due messages to "sending"; those claimed, oldest due first.

    Two statements a batch: the due rows, then one UPDATE of them all whose status check
    keeps only those still pending. SKIP LOCKED lets several replicas share the backlog
    on PostgreSQL; the status check makes the claim exclusive on SQLite too.
    """
    due = (await connection.execute(_DUE, {"now": now, "batch_size": batch_size})).all()
    if not due:
        return []
    ids = [row.id for row in due]
    claiming = {"now": now, "ids": ids}
    claimed = {row.id for row in await connection.execute(_CLAIMING, claiming)}
    return [
        Claimed(
            row.id,
            row.template,
            row.recipient_email,
            row.language,
            row.context,
            row.attempts + 1,
            row.created_at,
        )
        for row in due
        if row.id in claimed
    ]


async def finish(
    connection: AsyncConnection,
    message_id: UUID,
    status: MessageStatus,
    *,
    error: str | None,
    sent_at: datetime | None = None,
    context: dict[str, Any] | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Record the outcome of a message this process is sending (still "sending")."""
    values: dict[str, object] = {"message_id": message_id, "outcome": status.value, "error": error}
    if sent_at is not None:
        values["sent"] = sent_at
    if context is not None:
        values["kept"] = context
    if retry_at is not None:
        values["retry"] = retry_at
    await connection.execute(
        _finishing(sent_at is not None, context is not None, retry_at is not None), values
    )


_messages = Message.__table__
_SENDING = MessageStatus.SENDING.value
_PENDING = MessageStatus.PENDING.value

# Built once, the values coming with each execution: building a statement per message
# cost more CPU than sending it.
_FLAGGING = (
    update(_messages)
    .where(_messages.c.status == _SENDING, _messages.c.sending_since <= bindparam("cutoff"))
    .values(status=MessageStatus.UNCERTAIN.value, last_error=STUCK)
)
_DUE = (
    select(
        _messages.c.id,
        _messages.c.template,
        _messages.c.recipient_email,
        _messages.c.language,
        _messages.c.context,
        _messages.c.attempts,
        _messages.c.created_at,
    )
    .where(_messages.c.status == _PENDING, _messages.c.next_attempt_at <= bindparam("now"))
    .order_by(_messages.c.next_attempt_at, _messages.c.created_at)
    .limit(bindparam("batch_size", type_=Integer))
    .with_for_update(skip_locked=True)
)
_CLAIMING = (
    update(_messages)
    .where(
        _messages.c.id.in_(bindparam("ids", expanding=True)),
        _messages.c.status == _PENDING,
    )
    .values(status=_SENDING, sending_since=bindparam("now"), attempts=_messages.c.attempts + 1)
    .returning(_messages.c.id)
)


@functools.cache
def _finishing(sent: bool, kept: bool, retry: bool) -> Update:
    """The outcome's UPDATE, one per combination of what it sets."""
    values: dict[str, object] = {
        "status": bindparam("outcome"),
        "sending_since": None,
        "last_error": bindparam("error"),
    }
    if sent:
        values["sent_at"] = bindparam("sent")
    if kept:
        values["context"] = bindparam("kept")
    if retry:
        values["next_attempt_at"] = bindparam("retry")
    return (
        update(_messages)
        .where(_messages.c.id == bindparam("message_id"), _messages.c.status == _SENDING)
        .values(values)
    )
