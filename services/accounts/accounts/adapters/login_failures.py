"""Counting failed logins per address, for `throttling.login_wait`.

Counted per address, known or not, so that the 429 itself does not reveal
whether an account exists. Two attempts racing may both be let through
before either is counted; the doubling window still bounds what a steady
attacker gets.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from accounts.adapters.tables import LoginFailures
from accounts.domain.throttling import login_wait
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork


async def wait_before_attempt(
    uow: UnitOfWork, email: str, settings: AccountsSettings
) -> timedelta | None:
    failures = await uow.session.get(LoginFailures, email)
    if failures is None:
        return None
    return login_wait(
        failures.consecutive,
        failures.last_failure_at,
        uow.clock.now(),
        free_attempts=settings.login_free_attempts,
        max_wait=timedelta(seconds=settings.login_max_wait_seconds),
    )


async def record_failure(uow: UnitOfWork, email: str) -> None:
    failures = await uow.session.get(LoginFailures, email)
    if failures is None:
        uow.session.add(LoginFailures(email=email, consecutive=1, last_failure_at=uow.clock.now()))
    else:
        failures.consecutive += 1
        failures.last_failure_at = uow.clock.now()


async def forget(uow: UnitOfWork, email: str) -> None:
    """A success (or a password reset) starts the count again."""
    await uow.session.execute(delete(LoginFailures).where(LoginFailures.email == email))
