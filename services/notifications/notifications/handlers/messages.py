"""The messages as the API shows them: what a caller may list, and a resend by staff.

A message is listed with its recipient, template, language, delivery status
and attempts; never with its content, which may hold a link with a token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from chassis.pages import PageRequest
from chassis.tokens import Principal
from contracts.identity import normalise_email
from notifications.adapters.messages import (
    MessageFilters,
    Recipient,
    recorded_messages,
    requeue,
)
from notifications.adapters.tables import Message
from notifications.domain.access import sees_everyone
from notifications.domain.lifecycle import check_resendable
from notifications.domain.queries import ResendMessage
from notifications.domain.refusals import MessageChanged, OffsetRemoved, UnknownMessage
from notifications.handlers import Uow


@dataclass(frozen=True)
class ListMessages:
    """The messages recorded for the caller (everyone's for staff), newest first."""

    principal: Principal
    page: PageRequest
    template: str | None = None
    status: str | None = None
    recipient: str | None = None
    """One recipient's address (any case)."""
    created_from: datetime | None = None
    created_until: datetime | None = None
    """Excluded: the messages recorded before it."""
    offset: int | None = None
    """The offset of the old API: only 0 (the first page) is taken."""

    def check(self) -> None:
        if self.offset:
            raise OffsetRemoved(
                "offset: this list pages with a cursor now; follow `next` from the first page",
                field="query.offset",
            )


async def list_messages(query: ListMessages, uow: Uow) -> tuple[Sequence[Message], str | None]:
    """One page, newest first. Staff see everyone's; anyone else (R-A4/R-A5) what was sent
    to them by user id, and to their login email once that address is verified (issue 13:
    an account registered with someone's address does not read what was sent to them)."""
    query.check()
    who = query.principal
    recipient = None
    if not sees_everyone(who):
        email = normalise_email(who.email) if who.email_verified and who.email else None
        recipient = Recipient(who.user_id, email)
    return await recorded_messages(
        uow.session,
        recipient,
        query.page,
        MessageFilters(
            template=query.template,
            status=query.status,
            recipient_email=normalise_email(query.recipient) if query.recipient else None,
            created_from=query.created_from,
            created_until=query.created_until,
        ),
    )


async def resend_message(command: ResendMessage, uow: Uow) -> Message:
    """Make an uncertain or failed message pending again, due now; commits."""
    message = await uow.session.get(Message, command.message_id)
    if message is None:
        raise UnknownMessage(f"no message {command.message_id}")
    check_resendable(message.status)
    if not await requeue(uow.session, command.message_id, uow.clock.now()):
        raise MessageChanged("the message changed meanwhile; reload it")
    await uow.commit()
    await uow.session.refresh(message)
    return message
