"""A person's account erased on their request (GDPR art. 17, issue 18): their messages.

Every message to the person (by account or address), whatever its status, is
deleted: a sent one is a copy of an email they have, a pending one must not
reach an erased person. Messages to others that name them (a manager told of
a colleague's booking) go with the sent-message retention. The address is
remembered as a digest (`erased_recipients`), so that a message an event still
in flight owes the person (the erasure event came first) is not recorded.
"""

from __future__ import annotations

from sqlalchemy import delete, or_

from chassis.erasure import forget_mentions
from contracts.accounts import UserErasedV1
from notifications.adapters.erased import remember
from notifications.adapters.tables import Message, delivery
from notifications.handlers import Uow


async def on_user_erased(event: UserErasedV1, uow: Uow) -> None:
    email = event.email.lower()
    await uow.session.execute(
        delete(Message).where(
            or_(Message.recipient_user_id == event.user_id, Message.recipient_email == email)
        )
    )
    await remember(uow.session, email, uow.clock.now())
    await forget_mentions(uow.session, delivery, [email])
    await uow.commit()
