"""Counting failed logins per address, for `domain.throttling.login_wait`.

Counted per address, known or not, so that the 429 itself does not reveal
whether an account exists. Two attempts racing may both be let through
before either is counted; the doubling window still bounds what a steady
attacker gets.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import LoginFailures
from accounts.domain.throttling import login_wait
from accounts.settings import AccountsSettings


async def wait_before_attempt(
    session: AsyncSession, email: str, now: datetime, settings: AccountsSettings
) -> timedelta | None:
    failures = await session.get(LoginFailures, email)
    if failures is None:
        return None
    return login_wait(
        failures.consecutive,
        failures.last_failure_at,
        now,
        free_attempts=settings.login_free_attempts,
        max_wait=timedelta(seconds=settings.login_max_wait_seconds),
    )


async def record_failure(session: AsyncSession, email: str, now: datetime) -> None:
    failures = await session.get(LoginFailures, email)
    if failures is None:
        session.add(LoginFailures(email=email, consecutive=1, last_failure_at=now))
    else:
        failures.consecutive += 1
        failures.last_failure_at = now


async def forget(session: AsyncSession, email: str) -> None:
    """A success (or a password reset) starts the count again."""
    await session.execute(delete(LoginFailures).where(LoginFailures.email == email))
