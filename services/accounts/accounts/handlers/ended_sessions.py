"""Ending sessions: the one way every path ends them, and how the other services learn it.

Logout, logging out everywhere, a reused refresh token, a password set or
reset with a link (R-A2, R-A3) and a confirmed email change (R-A5) all end
sessions here. Accounts refuses their tokens at once (it checks the session
on each request); the other services verify tokens offline, so each ended
session whose last access token has not expired yet is announced in
`SessionsEndedV1`, which their chassis keeps until `tokens_valid_until` and
refuses within seconds (issue 13, finding 11).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from uuid import UUID

from accounts.adapters import sessions
from accounts.handlers import Uow
from chassis.tokens import LEEWAY_SECONDS
from contracts.accounts import SessionEndReason, SessionsEndedV1

LEEWAY = timedelta(seconds=LEEWAY_SECONDS)
"""A token is accepted this long past its expiry (clock skew): its session is announced
as long as one of its tokens could still pass."""


async def end_sessions(
    uow: Uow,
    user_id: UUID,
    reason: SessionEndReason,
    *,
    only: Sequence[UUID] | None = None,
    keep: UUID | None = None,
) -> list[UUID]:
    """End the user's open sessions (`only` these, or all but `keep`) in the caller's unit
    of work, and stage the event telling the other services; the caller commits."""
    now = uow.clock.now()
    ended = await sessions.end(uow.session, user_id, now, reason, only=only, keep=keep)
    lifetime = timedelta(minutes=uow.settings.access_token_minutes)
    # A session opened before access_until was recorded had one token, issued at its login.
    live = {
        e.session_id: e.access_until or e.created_at + lifetime
        for e in ended
        if (e.access_until or e.created_at + lifetime) + LEEWAY > now
    }
    if live:
        uow.publish(
            SessionsEndedV1(
                user_id=user_id,
                session_ids=sorted(live, key=str),
                tokens_valid_until=max(live.values()),
                reason=reason,
            )
        )
    return [e.session_id for e in ended]
