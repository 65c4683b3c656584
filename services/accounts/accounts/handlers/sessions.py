"""Logging in, refreshing and logging out, and who is signed in.

A login opens a session and gives a short access token (`access_token_minutes`)
and an opaque refresh token. Each refresh trades the refresh token for a new
access token and the next refresh token (rotation); a refresh token used twice
was copied, and ends its session (OAuth 2.0 Security BCP, 4.14). A session
lasts `session_days` at most. Accounts checks the session (the token's `sid`)
on each of its own requests; ending one goes through `handlers/ended_sessions.py`,
which tells the other services too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from accounts.adapters import refresh_tokens, sessions, users
from accounts.adapters.refresh_tokens import Outcome
from accounts.adapters.signing import TokenIssuer, issuer_for
from accounts.adapters.tables import Session, User
from accounts.domain.commands import LogIn, LogOut, LogOutEverywhere, Refresh
from accounts.domain.refusals import (
    AccountNotFound,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    SessionEnded,
)
from accounts.domain.throttling import ClientAction
from accounts.handlers import Uow
from accounts.handlers.client_limits import count_client_attempt
from accounts.handlers.ended_sessions import end_sessions
from accounts.handlers.password_attempts import password_matches, refuse_while_throttled
from chassis.tokens import Principal
from contracts.identity import normalise_email


@dataclass(frozen=True)
class AccessGranted:
    access_token: str
    expires_in: int
    """Seconds the access token is valid."""
    refresh_token: str
    refresh_expires_in: int
    """Seconds the refresh token is valid, unused."""


async def log_in(command: LogIn, uow: Uow) -> AccessGranted:
    """A session and its tokens. Counted per client address first, then throttled per
    address (`password_attempts`), so a flood is refused before the password hash."""
    issuer = issuer_for(uow.settings, uow.clock)
    await count_client_attempt(uow, ClientAction.LOGIN, command.client)
    email = normalise_email(command.email)
    await refuse_while_throttled(uow, email)
    user = await users.user_by_email(uow.session, email)
    # The password is verified even for an unknown email, so timing does not tell.
    password_hash = user.password_hash if user else None
    if not await password_matches(uow, email, password_hash, command.password) or user is None:
        raise InvalidCredentials()
    now = uow.clock.now()
    session = await sessions.start(
        uow.session, user.id, now, now + timedelta(days=uow.settings.session_days)
    )
    granted = _grant(uow, issuer, user, session, now)
    await uow.commit()
    return granted


async def refresh(command: Refresh, uow: Uow) -> AccessGranted:
    """The next pair of tokens of the session, with the account as it is now (roles,
    address, whether it is verified). A reused token ends the session."""
    issuer = issuer_for(uow.settings, uow.clock)
    now = uow.clock.now()
    exchange = await refresh_tokens.use(uow.session, command.refresh_token, now)
    if exchange.outcome == Outcome.REUSED and exchange.session_id is not None:
        family = await uow.session.get(Session, exchange.session_id)
        if family is not None:
            await end_sessions(uow, family.user_id, "refresh_token_reused", only=[family.id])
            await uow.commit()
        raise RefreshTokenReused()
    if exchange.outcome != Outcome.EXCHANGED or exchange.session_id is None:
        raise InvalidRefreshToken()
    session = await sessions.open_session(uow.session, exchange.session_id, now)
    user = await users.user_by_id(uow.session, session.user_id) if session else None
    if session is None or user is None:
        raise InvalidRefreshToken()
    granted = _grant(uow, issuer, user, session, now)
    await uow.commit()
    return granted


def _grant(
    uow: Uow, issuer: TokenIssuer, user: User, session: Session, now: datetime
) -> AccessGranted:
    """An access token and the session's next refresh token; the caller commits."""
    refresh_until = now + timedelta(days=uow.settings.refresh_token_days)
    if session.expires_at is not None:
        refresh_until = min(refresh_until, session.expires_at)
    refresh_token = refresh_tokens.issue(uow.session, session.id, now, refresh_until)
    session.access_until = now + issuer.lifetime
    access_token = issuer.issue(
        user_id=user.id,
        email=user.email,
        roles=user.roles,
        company_id=user.company_id,
        session_id=session.id,
        email_verified=user.email_verified_at is not None,
    )
    return AccessGranted(
        access_token,
        int(issuer.lifetime.total_seconds()),
        refresh_token,
        int((refresh_until - now).total_seconds()),
    )


async def log_out(command: LogOut, uow: Uow) -> None:
    """End one session, named by the caller's access token or by a refresh token of it.
    Ending a session that has already ended, or naming none, changes nothing."""
    session_id = command.session_id
    if session_id is None and command.refresh_token is not None:
        session_id = await refresh_tokens.session_of(uow.session, command.refresh_token)
    session = await uow.session.get(Session, session_id) if session_id else None
    if session is not None:
        await end_sessions(uow, session.user_id, "logout", only=[session.id])
    await uow.commit()


async def log_out_everywhere(command: LogOutEverywhere, uow: Uow) -> int:
    """End every session of the user, this one included; how many were open."""
    ended = await end_sessions(uow, command.user_id, "logout_everywhere")
    await uow.commit()
    return len(ended)


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
