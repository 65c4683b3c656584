"""Changing the login email (R-A5).

Enrollment history follows the login email (R-A4), so the user is warned that
what they placed with the old address will no longer show. The new address
becomes the login email only once confirmed with the single-use link sent to
it; other services learn of it from UserEmailChangedV1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.adapters import login_failures as login_attempts
from accounts.adapters import sessions, single_use
from accounts.adapters.password_hashing import verify_password
from accounts.adapters.tables import User
from accounts.domain.links import Purpose, link
from accounts.handlers.individuals import EmailTaken, TooManyAttempts, normalise_email
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import EmailChangeRequestedV1, UserEmailChangedV1


class WrongPassword(Exception):
    pass


class SameEmail(Exception):
    pass


def history_warning(old_email: str, new_email: str) -> str:
    """R-A5: what the user must read before the change."""
    return (
        f"Enrollments placed with {old_email} will no longer show in your history once "
        f"{new_email} is your login email; those placed with {new_email} will show instead. "
        f"The change takes effect when you open the confirmation link sent to {new_email}."
    )


@dataclass(frozen=True)
class ChangeRequested:
    warning: str
    new_email: str
    expires_at: datetime


async def request_change(
    uow: UnitOfWork, settings: AccountsSettings, user_id: UUID, new_email: str, password: str
) -> ChangeRequested:
    """Warn, and send a confirmation link to the new address; nothing changes yet.

    Whether the new address already has an account is not said here (that
    would reveal it); the confirmation refuses it with 409.
    """
    user = await uow.session.get(User, user_id)
    if user is None:
        raise WrongPassword()
    # The password is checked here as at login: failures count against the
    # same per-address throttle, so a stolen access token cannot guess it.
    wait = await login_attempts.wait_before_attempt(uow, user.email, settings)
    if wait is not None:
        raise TooManyAttempts(wait)
    if not await verify_password(user.password_hash, password):
        await login_attempts.record_failure(uow, user.email)
        try:
            await uow.commit()
        except IntegrityError:  # a concurrent failure counted first; one less is fine
            await uow.rollback()
        raise WrongPassword()
    await login_attempts.forget(uow, user.email)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise SameEmail()
    await single_use.retire_all(uow, user.id, Purpose.CONFIRM_EMAIL)
    issued = await single_use.issue(
        uow,
        user.id,
        Purpose.CONFIRM_EMAIL,
        timedelta(hours=settings.email_change_hours),
        new_email=new_email,
    )
    uow.publish(
        EmailChangeRequestedV1(
            user_id=user.id,
            current_email=user.email,
            new_email=new_email,
            language=user.language,  # type: ignore[arg-type]
            confirm_url=link(settings.public_base_url, Purpose.CONFIRM_EMAIL, issued.token),
            expires_at=issued.expires_at,
        )
    )
    await uow.commit()
    return ChangeRequested(history_warning(user.email, new_email), new_email, issued.expires_at)


async def confirm_change(uow: UnitOfWork, user_id: UUID, session_id: UUID, token: str) -> User:
    """Make the confirmed address the login email (R-A5).

    The caller's session stays; every other session ends, since whoever held
    them knew the account under its old address.
    """
    redeemed = await single_use.redeem(uow, token, Purpose.CONFIRM_EMAIL)
    if redeemed.user_id != user_id or redeemed.new_email is None:
        raise single_use.InvalidLink()
    new_email = redeemed.new_email
    taken = await uow.session.scalar(
        select(User.id).where(User.email == new_email, User.id != user_id)
    )
    if taken is not None:
        raise EmailTaken(new_email)
    user = await uow.session.get(User, user_id)
    if user is None:
        raise single_use.InvalidLink()
    old_email, user.email = user.email, new_email
    await sessions.revoke_all(uow, user.id, keep=session_id)
    uow.publish(
        UserEmailChangedV1(
            user_id=user.id,
            old_email=old_email,
            new_email=new_email,
            language=user.language,  # type: ignore[arg-type]
        )
    )
    try:
        await uow.commit()
    except IntegrityError as error:  # another account took the address meanwhile
        raise EmailTaken(new_email) from error
    return user
