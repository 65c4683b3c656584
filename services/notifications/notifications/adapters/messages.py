"""Queries on recorded messages: record one owed, list what a caller may see, requeue one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from notifications.adapters.tables import Message
from notifications.domain.addressing import Owed
from notifications.domain.lifecycle import RESENDABLE, MessageStatus


async def insert_owed(session: AsyncSession, owed: Owed, *, event_id: UUID, now: datetime) -> bool:
    """Record the owed message as pending, due now; False if the event already recorded it.

    The unique constraint on (event_id, template, recipient_email) with ON CONFLICT
    DO NOTHING makes a second recording of the same event a no-op.
    """
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(Message)
        .values(
            id=uuid.uuid4(),
            event_id=event_id,
            template=owed.template.value,
            recipient_user_id=owed.recipient_user_id,
            recipient_email=owed.recipient_email,
            language=owed.language,
            context=owed.context,
            status=MessageStatus.PENDING.value,
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
        .on_conflict_do_nothing(index_elements=["event_id", "template", "recipient_email"])
    )
    return (await session.execute(statement)).rowcount == 1  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Recipient:
    """Whose messages to list: by user id, or login email (lower case; None when it
    is not verified); a Recipient of None lists everyone's."""

    user_id: UUID
    email: str | None


@dataclass(frozen=True)
class MessageFilters:
    """What a list of messages is narrowed to; None: any."""

    template: str | None = None
    status: str | None = None
    recipient_email: str | None = None
    created_from: datetime | None = None
    created_until: datetime | None = None


async def recorded_messages(
    session: AsyncSession, recipient: Recipient | None, page: PageRequest, filters: MessageFilters
) -> tuple[list[Message], str | None]:
    """One page, newest first (keyset on created_at, id)."""
    query = select(Message)
    if recipient is not None:
        mine = Message.recipient_user_id == recipient.user_id
        if recipient.email is not None:
            mine = or_(mine, Message.recipient_email == recipient.email)
        query = query.where(mine)
    if filters.template is not None:
        query = query.where(Message.template == filters.template)
    if filters.status is not None:
        query = query.where(Message.status == filters.status)
    if filters.recipient_email is not None:
        query = query.where(Message.recipient_email == filters.recipient_email)
    if filters.created_from is not None:
        query = query.where(Message.created_at >= filters.created_from)
    if filters.created_until is not None:
        query = query.where(Message.created_at < filters.created_until)
    order = [Message.created_at, Message.id]
    rows = list(await session.scalars(keyset(query, order, page, descending=True)))
    return cut(rows, page, lambda m: (m.created_at, m.id))


async def requeue(session: AsyncSession, message_id: UUID, now: datetime) -> bool:
    """Make a resendable message pending and due now; False if it is resendable no more.

    The status check in the UPDATE keeps two staff clicks from queueing it twice.
    """
    result = await session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status.in_(RESENDABLE))
        .values(status=MessageStatus.PENDING, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]
