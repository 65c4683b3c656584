"""A password typed by its owner, checked under the per-address throttle.

At login and before an email change alike (`domain/throttling.py`): while the
address must wait, the attempt is refused before the password is checked,
even the right one, and is not counted; a wrong password is counted.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from accounts.adapters import login_failures
from accounts.adapters.password_hashing import verify_password
from accounts.domain.refusals import TooManyAttempts
from accounts.handlers import Uow


async def refuse_while_throttled(
    uow: Uow, email: str, *, what: str = "failed attempts for this address"
) -> None:
    """TooManyAttempts (429, Retry-After) while the address must wait."""
    wait = await login_failures.wait_before_attempt(
        uow.session, email, uow.clock.now(), uow.settings
    )
    if wait is not None:
        raise TooManyAttempts(wait, what=what)


async def password_matches(uow: Uow, email: str, password_hash: str | None, password: str) -> bool:
    """Whether the password is right; counts a failure against `email`.

    A failure is committed at once, since the refusal that follows rolls back
    the rest; a success clears the count with the caller's own commit.
    """
    if await verify_password(password_hash, password):
        await login_failures.forget(uow.session, email)
        return True
    await login_failures.record_failure(uow.session, email, uow.clock.now())
    try:
        await uow.commit()
    except IntegrityError:  # a concurrent failure counted first; one less is fine
        await uow.rollback()
    return False
