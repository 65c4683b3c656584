"""The delivery queue in the messages table: flag the stuck, claim the due, record an outcome.

Each function is a statement of the caller's transaction; the delivery handler
commits the claim *before* any SMTP exchange and each outcome after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.tables import Message
from notifications.domain.lifecycle import MessageStatus

STUCK = "still sending after the timeout: it may have left; not resent"


async def flag_stuck(session: AsyncSession, cutoff: datetime) -> int:
    """Mark "uncertain" the messages "sending" since `cutoff` or before; how many."""
    result = await session.execute(
        update(Message)
        .where(Message.status == MessageStatus.SENDING, Message.sending_since <= cutoff)
        .values(status=MessageStatus.UNCERTAIN, last_error=STUCK)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount  # type: ignore[attr-defined,no-any-return]


async def claim_due(session: AsyncSession, now: datetime, batch_size: int) -> list[Message]:
    """Move a batch of due messages to "sending"; detached copies of those claimed.

    SKIP LOCKED lets several replicas share the backlog on PostgreSQL; the
    status check in the UPDATE makes the claim exclusive on SQLite too.
    """
    due = (
        await session.scalars(
            select(Message)
            .where(Message.status == MessageStatus.PENDING, Message.next_attempt_at <= now)
            .order_by(Message.next_attempt_at, Message.created_at)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
    ).all()
    claimed: list[Message] = []
    for message in due:
        result = await session.execute(
            update(Message)
            .where(Message.id == message.id, Message.status == MessageStatus.PENDING)
            .values(status=MessageStatus.SENDING, sending_since=now, attempts=Message.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            session.expunge(message)  # a detached copy: nothing flushed from it
            message.attempts += 1
            claimed.append(message)
    return claimed


async def finish(
    session: AsyncSession,
    message_id: UUID,
    status: MessageStatus,
    *,
    error: str | None,
    sent_at: datetime | None = None,
    context: dict[str, Any] | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Record the outcome of a message this process is sending (still "sending")."""
    values: dict[str, object] = {"status": status, "sending_since": None, "last_error": error}
    if sent_at is not None:
        values["sent_at"] = sent_at
    if context is not None:
        values["context"] = context
    if retry_at is not None:
        values["next_attempt_at"] = retry_at
    await session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
