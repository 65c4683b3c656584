"""The notifications database: every message the platform owes someone, and its delivery."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, Integer, MetaData, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import UTCDateTime
from chassis.tables import delivery_tables

metadata = MetaData()
delivery = delivery_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata


class Message(Base):
    """One message to one recipient, caused by one event; never twice for the same pair."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("event_id", "template", "recipient_email"),
        Index("ix_messages_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_messages_created_at_id", "created_at", "id"),  # the list, newest first
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    event_id: Mapped[UUID] = mapped_column(Uuid)
    template: Mapped[str] = mapped_column(String(100))
    recipient_user_id: Mapped[UUID | None] = mapped_column(Uuid, index=True)
    recipient_email: Mapped[str] = mapped_column(String(320), index=True)
    """Stored lower-case, so a user's login email finds it whatever its case."""
    language: Mapped[str] = mapped_column(String(2))
    context: Mapped[dict[str, Any]] = mapped_column(JSON)
    """What the template needs; links carrying tokens are removed once sent."""
    status: Mapped[str] = mapped_column(String(20))
    """A `MessageStatus` (`domain/lifecycle.py`)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class ErasedRecipient(Base):
    """An address whose person was erased on request (issue 18), as its SHA-256: a message
    an event still in flight owes them is not recorded. The digest, not the address: this
    suppression list is what honouring the erasure needs, and no more."""

    __tablename__ = "erased_recipients"

    email_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime)
