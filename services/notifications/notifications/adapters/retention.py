"""Notifications' own rows deleted once old (chassis.retention): sent messages."""

from __future__ import annotations

from datetime import timedelta

from chassis.retention import older_rows
from notifications.adapters.tables import Message
from notifications.domain.lifecycle import MessageStatus

SENT_MESSAGES = older_rows(
    Message.__table__,  # type: ignore[arg-type]
    "sent_at",
    lambda settings: timedelta(days=settings.sent_message_retention_days),
    Message.status == MessageStatus.SENT,
)
"""Sent messages, `sent_message_retention_days` after sending; the inbox, not the message,
absorbs a redelivery of the event that caused one."""
