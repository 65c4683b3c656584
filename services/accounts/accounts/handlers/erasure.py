"""A person's account erased on their request (GDPR art. 17, issue 18).

The user row stays (ids other rows and services point to stay valid) but loses
what identifies or lets anyone use it: the name, the address (replaced by a
unique placeholder in the reserved `.invalid` domain, so the address can be
registered again), the password, the roles, the verification. Every session
ends (announced as usual, so the other services refuse the tokens at once),
the person's links and throttle rows go, and so do the events accounts
published about them and answers kept for retried POSTs (chassis.erasure).
`accounts.user.erased.v1` tells enrollment, incompany and notifications to
erase their copies; billing keeps its invoices and credit notes, which the law
makes it keep (docs/OPERATIONS.md, "Erase a person's data").
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from sqlalchemy import delete

from accounts.adapters import users
from accounts.adapters.tables import LoginFailures, PasswordResetRequest, SingleUseToken, delivery
from accounts.domain.commands import EraseUser
from accounts.domain.links import digest
from accounts.domain.refusals import AccountNotFound, SelfErasure
from accounts.handlers import Uow
from accounts.handlers.ended_sessions import end_sessions
from chassis.erasure import Forgotten, forget_mentions
from contracts.accounts import UserErasedV1

log = structlog.get_logger("accounts.erasure")

ERASED_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class ErasedUser:
    user_id: str
    sessions_ended: int
    forgotten: Forgotten


async def erase_user(command: EraseUser, uow: Uow) -> ErasedUser:
    if command.by == command.user_id:
        raise SelfErasure("user_id: you cannot erase your own account; ask a colleague")
    user = await users.user_by_id(uow.session, command.user_id)
    if user is None or user.erased_at is not None:
        raise AccountNotFound()
    email, full_name = user.email, user.full_name
    ended = await end_sessions(uow, user.id, "logout_everywhere")
    await uow.session.execute(delete(SingleUseToken).where(SingleUseToken.user_id == user.id))
    await uow.session.execute(
        delete(PasswordResetRequest).where(PasswordResetRequest.email_digest == digest(email))
    )
    await uow.session.execute(delete(LoginFailures).where(LoginFailures.email == email))
    user.email = f"{user.id}@{ERASED_DOMAIN}"
    user.full_name = ""
    user.password_hash = None
    user.roles = []
    user.email_verified_at = None
    user.erased_at = uow.clock.now()
    forgotten = await forget_mentions(uow.session, delivery, [email, full_name])
    uow.publish(UserErasedV1(user_id=user.id, email=email))
    await uow.commit()
    log.info("user erased", user_id=str(user.id), sessions_ended=len(ended))
    return ErasedUser(str(user.id), len(ended), forgotten)
