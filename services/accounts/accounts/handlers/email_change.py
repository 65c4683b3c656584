"""Changing the login email (R-A5).

Enrollment history follows the login email (R-A4), so the user is warned that
what they placed with the old address will no longer show. The new address
becomes the login email only once confirmed with the single-use link sent to
it; other services learn of it from UserEmailChangedV1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.adapters import sessions, single_use, users
from accounts.adapters.tables import User
from accounts.domain.commands import ConfirmEmailChange, RequestEmailChange
from accounts.domain.email_change import history_warning
from accounts.domain.links import Purpose, link
from accounts.domain.refusals import EmailTaken, InvalidLink, SameEmail, WrongPassword
from accounts.handlers import Uow
from accounts.handlers.password_attempts import password_matches, refuse_while_throttled
from accounts.handlers.unique_email import commit_unless_taken
from contracts.accounts import EmailChangeRequestedV1, UserEmailChangedV1
from contracts.identity import normalise_email

ANOTHER_ACCOUNT = "another account uses this address now"


@dataclass(frozen=True)
class ChangeRequested:
    warning: str
    new_email: str
    expires_at: datetime


async def request_email_change(command: RequestEmailChange, uow: Uow) -> ChangeRequested:
    """Warn, and send a confirmation link to the new address; nothing changes yet.

    Whether the new address already has an account is not said here (that
    would reveal it); the confirmation refuses it with 409.
    """
    settings = uow.settings
    user = await users.user_by_id(uow.session, command.user_id)
    if user is None:
        raise WrongPassword()
    # The password is checked here as at login: failures count against the
    # same per-address throttle, so a stolen access token cannot guess it.
    await refuse_while_throttled(uow, user.email, what="wrong passwords for this account")
    if not await password_matches(uow, user.email, user.password_hash, command.password):
        raise WrongPassword()
    new_email = normalise_email(command.new_email)
    if new_email == user.email:
        raise SameEmail()
    now = uow.clock.now()
    await single_use.retire_all(uow.session, now, user.id, Purpose.CONFIRM_EMAIL)
    issued = await single_use.issue(
        uow.session,
        now,
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


async def confirm_email_change(command: ConfirmEmailChange, uow: Uow) -> User:
    """Make the confirmed address the login email (R-A5).

    The caller's session stays; every other session ends, since whoever held
    them knew the account under its old address.
    """
    redeemed = await single_use.redeem(
        uow.session, uow.clock.now(), command.token, Purpose.CONFIRM_EMAIL
    )
    if redeemed.user_id != command.user_id or redeemed.new_email is None:
        raise InvalidLink()
    new_email = redeemed.new_email
    if await users.email_is_taken(uow.session, new_email, but=command.user_id):
        raise EmailTaken(ANOTHER_ACCOUNT, field=None)
    user = await users.user_by_id(uow.session, command.user_id)
    if user is None:
        raise InvalidLink()
    old_email, user.email = user.email, new_email
    await sessions.revoke_all(uow.session, user.id, uow.clock.now(), keep=command.session_id)
    uow.publish(
        UserEmailChangedV1(
            user_id=user.id,
            old_email=old_email,
            new_email=new_email,
            language=user.language,  # type: ignore[arg-type]
        )
    )
    # Another account may have taken the address meanwhile.
    await commit_unless_taken(uow, EmailTaken(ANOTHER_ACCOUNT, field=None))
    return user
