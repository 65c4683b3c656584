"""Queries on recorded messages: record those owed, list what a caller may see, requeue one."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BindParameter,
    Insert,
    Select,
    bindparam,
    exists,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from chassis.pages import PageRequest, cut, keyset
from notifications.adapters.erased import email_digest
from notifications.adapters.tables import ErasedRecipient, Message
from notifications.domain.addressing import Owed
from notifications.domain.lifecycle import RESENDABLE, MessageStatus

ROWS_PER_STATEMENT = 100
"""Owed messages of one INSERT: an event owes a few (a group's participants: tens), and
SQLite allows at most 500 SELECTs in a compound one."""


async def insert_owed(
    connection: AsyncConnection, owed: Sequence[Owed], *, event_id: UUID, now: datetime
) -> int:
    """Record the owed messages as pending, due now, but none to a person erased on
    request; how many were new.

    One statement for all of an event's messages (up to `ROWS_PER_STATEMENT`), the erasure
    check folded in. The unique constraint on (event_id, template, recipient_email) with
    ON CONFLICT DO NOTHING makes a second recording of the same event a no-op. Core on the
    transaction's connection: no unit-of-work machinery for a row nothing reads back.
    """
    rows: dict[tuple[str, str], Owed] = {}
    for message in owed:  # the same message twice in one event is owed once
        rows.setdefault((message.template.value, message.recipient_email), message)
    unique = list(rows.values())
    recorded = 0
    for start in range(0, len(unique), ROWS_PER_STATEMENT):
        chunk = unique[start : start + ROWS_PER_STATEMENT]
        parameters: dict[str, object] = {"event_id": event_id, "now": now}
        for index, message in enumerate(chunk):
            parameters[f"id_{index}"] = uuid.uuid4()
            parameters[f"template_{index}"] = message.template.value
            parameters[f"user_{index}"] = message.recipient_user_id
            parameters[f"email_{index}"] = message.recipient_email
            parameters[f"digest_{index}"] = email_digest(message.recipient_email)
            parameters[f"language_{index}"] = message.language
            parameters[f"context_{index}"] = message.context
        statement = _recording(connection.dialect.name, len(chunk))
        recorded += (await connection.execute(statement, parameters)).rowcount
    return recorded


@functools.cache
def _recording(dialect: str, rows: int) -> Insert:
    """INSERT INTO messages SELECT <row 0> WHERE NOT EXISTS (<its address erased>)
    UNION ALL ... ON CONFLICT DO NOTHING: built once per dialect and number of rows, the
    values coming with each execution (building it per event cost more than sending it)."""
    column = Message.__table__.c
    erased = ErasedRecipient.__table__.c

    def row(index: int) -> Select[Any]:
        def value(name: str, target: str) -> BindParameter[Any]:
            return bindparam(f"{name}_{index}", type_=column[target].type)

        not_erased = ~exists().where(
            erased.email_digest == bindparam(f"digest_{index}", type_=erased.email_digest.type)
        )
        return select(
            value("id", "id"),
            bindparam("event_id", type_=column.event_id.type),
            value("template", "template"),
            value("user", "recipient_user_id"),
            value("email", "recipient_email"),
            value("language", "language"),
            value("context", "context"),
            bindparam("status", MessageStatus.PENDING.value, type_=column.status.type),
            bindparam("attempts", 0, type_=column.attempts.type),
            bindparam("now", type_=column.created_at.type),
            bindparam("now", type_=column.next_attempt_at.type),
        ).where(not_erased)

    selected = row(0) if rows == 1 else union_all(*(row(i) for i in range(rows)))
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(Message.__table__)
        .from_select(_RECORDED_COLUMNS, selected)
        .on_conflict_do_nothing(index_elements=["event_id", "template", "recipient_email"])
    )


_RECORDED_COLUMNS = (
    "id",
    "event_id",
    "template",
    "recipient_user_id",
    "recipient_email",
    "language",
    "context",
    "status",
    "attempts",
    "created_at",
    "next_attempt_at",
)


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
