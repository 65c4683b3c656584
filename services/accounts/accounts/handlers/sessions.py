"""Logging in and out, and who is signed in: sessions and their access tokens.

Accounts checks the session (the token's `sid`) on each of its own requests,
so logout, a password reset (R-A3) or an email change ends access to accounts
at once. Other services verify tokens offline and accept one until it expires
(15 minutes at most, `access_token_minutes`); see `adapters/sessions.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from accounts.adapters import sessions, users
from accounts.adapters.signing import issuer_for
from accounts.adapters.tables import User
from accounts.domain.commands import LogIn, LogOut
from accounts.domain.refusals import AccountNotFound, InvalidCredentials, SessionEnded
from accounts.handlers import Uow
from accounts.handlers.password_attempts import password_matches, refuse_while_throttled
from chassis.tokens import Principal
from contracts.identity import normalise_email


@dataclass(frozen=True)
class AccessGranted:
    access_token: str
    expires_in: int
    """Seconds the token is valid."""


async def log_in(command: LogIn, uow: Uow) -> AccessGranted:
    """A session and its access token; failures throttled per address (`password_attempts`)."""
    issuer = issuer_for(uow.settings, uow.clock)
    email = normalise_email(command.email)
    await refuse_while_throttled(uow, email)
    user = await users.user_by_email(uow.session, email)
    # The password is verified even for an unknown email, so timing does not tell.
    password_hash = user.password_hash if user else None
    if not await password_matches(uow, email, password_hash, command.password) or user is None:
        raise InvalidCredentials()
    session = sessions.start(uow.session, user.id, uow.clock.now())
    await uow.commit()
    token = issuer.issue(
        user_id=user.id,
        email=user.email,
        roles=user.roles,
        company_id=user.company_id,
        session_id=session.id,
    )
    return AccessGranted(token, int(issuer.lifetime.total_seconds()))


async def log_out(command: LogOut, uow: Uow) -> None:
    """Accounts refuses the token at once; other services accept it until it expires."""
    await sessions.revoke(uow.session, command.session_id, uow.clock.now())
    await uow.commit()


async def signed_in(principal: Principal, uow: Uow) -> Principal:
    """The caller, if the session of their token is still open; else SessionEnded (401)."""
    if not await sessions.is_active(uow.session, principal.session_id, principal.user_id):
        raise SessionEnded()
    return principal


async def own_account(user_id: UUID, uow: Uow) -> User:
    user = await users.user_by_id(uow.session, user_id)
    if user is None:
        raise AccountNotFound()
    return user
