"""Passwords chosen with a single-use link: set (R-A2), or forgotten and reset (R-A3).

The reset follows the OWASP Forgot Password Cheat Sheet. The request's answer
is the same whether or not the address has an account, and so is the work
done: the user lookup, the throttle count and the log row happen on both
paths; only for a known address, and under the hourly limit, is a token
stored and the reset event staged. Setting a password with either link ends
every session of the account.
"""

from __future__ import annotations

from datetime import timedelta

from accounts.adapters import login_failures, reset_requests, sessions, single_use, users
from accounts.adapters.password_hashing import hash_password
from accounts.adapters.tables import User
from accounts.domain.commands import RequestPasswordReset, ResetPassword, SetPassword
from accounts.domain.links import Purpose, digest, link
from accounts.domain.passwords import check_policy
from accounts.domain.refusals import InvalidLink
from accounts.domain.throttling import may_send_reset
from accounts.handlers import Uow
from contracts.accounts import PasswordResetRequestedV1
from contracts.identity import normalise_email


async def set_password(command: SetPassword, uow: Uow) -> None:
    """Use a set-password link once: the account gets its password (R-A2)."""
    await _password_from_link(
        uow, command.token, Purpose.SET_PASSWORD, command.password, "password"
    )
    await uow.commit()


async def request_reset(command: RequestPasswordReset, uow: Uow) -> None:
    """R-A3: a reset link by email, for a known address under the hourly limit; else nothing."""
    settings = uow.settings
    email = normalise_email(command.email)
    now = uow.clock.now()
    email_digest = digest(email)
    user = await users.user_by_email(uow.session, email)
    earlier = await reset_requests.requests_in_last_hour(uow.session, email_digest, now)
    reset_requests.log_request(uow.session, email_digest, now)
    if user is not None and may_send_reset(earlier, settings.password_resets_per_hour):
        # Only the newest link works: an older one, perhaps still in a mailbox, is retired.
        await single_use.retire_all(uow.session, now, user.id, Purpose.RESET_PASSWORD)
        issued = await single_use.issue(
            uow.session,
            now,
            user.id,
            Purpose.RESET_PASSWORD,
            timedelta(minutes=settings.password_reset_minutes),
        )
        uow.publish(
            PasswordResetRequestedV1(
                user_id=user.id,
                email=user.email,
                language=user.language,  # type: ignore[arg-type]
                reset_url=link(settings.public_base_url, Purpose.RESET_PASSWORD, issued.token),
                expires_at=issued.expires_at,
            )
        )
    await uow.commit()


async def reset_password(command: ResetPassword, uow: Uow) -> None:
    """Set the new password, use up the link, and end every session (R-A3)."""
    user = await _password_from_link(
        uow, command.token, Purpose.RESET_PASSWORD, command.new_password, "new_password"
    )
    await login_failures.forget(uow.session, user.email)
    await uow.commit()


async def _password_from_link(
    uow: Uow, token: str, purpose: Purpose, password: str, field: str
) -> User:
    """Redeem the link, give its account the password, end the account's sessions.

    `field` names the request field of the password, for a WeakPassword (422).
    """
    check_policy(password, field)
    await single_use.check(uow.session, uow.clock.now(), token, purpose)  # before the costly hash
    password_hash = await hash_password(password)
    redeemed = await single_use.redeem(uow.session, uow.clock.now(), token, purpose)
    user = await users.user_by_id(uow.session, redeemed.user_id)
    if user is None:
        raise InvalidLink()
    user.password_hash = password_hash
    await sessions.revoke_all(uow.session, user.id, uow.clock.now())
    return user
