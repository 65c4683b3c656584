"""One account per login email (R-A4): checked before adding a user, and again at commit.

The check answers the usual case with a clear refusal; the unique index on
`users.email` catches a concurrent registration of the same address, which
the commit turns into the same refusal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from accounts.adapters import users
from accounts.adapters.tables import User
from accounts.domain.refusals import EmailTaken
from accounts.handlers import Uow
from chassis.refusals import Conflict
from contracts.identity import normalise_email


async def refuse_if_taken(uow: Uow, email: str) -> None:
    """EmailTaken if an account logs in with this normalised address."""
    if await users.email_is_taken(uow.session, email):
        raise EmailTaken()


async def add_user(uow: Uow, *, email: str, **fields: Any) -> User:
    """A new user with this address (normalised), EmailTaken if an account already has it;
    `fields` are `users.new_user`'s."""
    email = normalise_email(email)
    await refuse_if_taken(uow, email)
    return users.new_user(uow.session, uow.clock.now(), email=email, **fields)


async def commit_unless_taken(uow: Uow, refusal: Conflict | None = None) -> None:
    """Commit; `refusal` (EmailTaken by default) if a concurrent account won the race."""
    try:
        await uow.commit()
    except IntegrityError as error:
        raise refusal or EmailTaken() from error
