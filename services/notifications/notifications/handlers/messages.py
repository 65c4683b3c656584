"""The messages as the API shows them: what a caller may list, and a resend by staff.

A message is listed with its recipient, template, language, delivery status
and attempts; never with its content, which may hold a link with a token.
"""

from __future__ import annotations

from collections.abc import Sequence

from contracts.identity import normalise_email
from notifications.adapters.messages import Recipient, recorded_messages, requeue
from notifications.adapters.tables import Message
from notifications.domain.access import sees_everyone
from notifications.domain.lifecycle import check_resendable
from notifications.domain.queries import ListMessages, ResendMessage
from notifications.domain.refusals import MessageChanged, UnknownMessage
from notifications.handlers import Uow


async def list_messages(query: ListMessages, uow: Uow) -> Sequence[Message]:
    """Staff see everyone's; anyone else (R-A4/R-A5) what was sent to their login email,
    or to them by user id."""
    who = query.principal
    recipient = None if sees_everyone(who) else Recipient(who.user_id, normalise_email(who.email))
    return await recorded_messages(
        uow.session,
        recipient,
        template=query.template,
        status=query.status,
        limit=query.limit,
        offset=query.offset,
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
