"""Attempts counted per client address before any costly work (`domain/throttling.py`).

The count is committed on its own, at once: the attempt may then be refused
(a wrong password, a taken email) and its unit of work rolled back, and it
must count all the same. Beyond the limit the answer is 429 with Retry-After,
before a password is hashed or checked.
"""

from __future__ import annotations

from datetime import timedelta

from accounts.adapters import client_attempts
from accounts.domain.refusals import TooManyFromClient
from accounts.domain.throttling import ClientAction, client_wait, window_start
from accounts.handlers import Uow


async def count_client_attempt(uow: Uow, action: ClientAction, client: str) -> None:
    """Count the attempt; TooManyFromClient (429) if it is beyond the action's limit."""
    settings = uow.settings
    limit = {
        ClientAction.LOGIN: settings.logins_per_client,
        ClientAction.REGISTRATION: settings.registrations_per_client,
        ClientAction.PASSWORD_RESET: settings.password_resets_per_client,
    }[action]
    window = timedelta(seconds=settings.client_window_seconds)
    now = uow.clock.now()
    started = window_start(now, window)
    count = await client_attempts.count_attempt(uow.session, action.value, client, started, window)
    await uow.commit()
    wait = client_wait(count, started, now, limit=limit, window=window)
    if wait is not None:
        raise TooManyFromClient(wait)
