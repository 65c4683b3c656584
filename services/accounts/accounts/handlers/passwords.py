"""Forgotten password (R-A3), per the OWASP Forgot Password Cheat Sheet.

The request's answer is the same whether or not the address has an account,
and so is the work done: the user lookup, the throttle count and the log row
happen on both paths; only for a known address, and under the hourly limit,
is a token stored and the reset event staged. The reset itself ends every
session of the account.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from accounts.adapters import login_failures as login_attempts
from accounts.adapters import sessions, single_use
from accounts.adapters.password_hashing import check_policy, hash_password
from accounts.adapters.tables import PasswordResetRequest, User
from accounts.domain.links import Purpose, digest, link
from accounts.domain.throttling import may_send_reset
from accounts.handlers.individuals import normalise_email
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import PasswordResetRequestedV1


async def request_reset(uow: UnitOfWork, settings: AccountsSettings, email: str) -> None:
    email = normalise_email(email)
    now = uow.clock.now()
    email_digest = digest(email)
    user = await uow.session.scalar(select(User).where(User.email == email))
    earlier = await uow.session.scalar(
        select(func.count())
        .select_from(PasswordResetRequest)
        .where(
            PasswordResetRequest.email_digest == email_digest,
            PasswordResetRequest.requested_at > now - timedelta(hours=1),
        )
    )
    uow.session.add(PasswordResetRequest(email_digest=email_digest, requested_at=now))
    if user is not None and may_send_reset(earlier or 0, settings.password_resets_per_hour):
        # Only the newest link works: an older one, perhaps still in a mailbox, is retired.
        await single_use.retire_all(uow, user.id, Purpose.RESET_PASSWORD)
        issued = await single_use.issue(
            uow,
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


async def reset_password(uow: UnitOfWork, token: str, new_password: str) -> None:
    """Set the new password, use up the link, and end every session (R-A3)."""
    check_policy(new_password)
    await single_use.check(uow, token, Purpose.RESET_PASSWORD)  # before the costly hash
    password_hash = await hash_password(new_password)
    redeemed = await single_use.redeem(uow, token, Purpose.RESET_PASSWORD)
    user = await uow.session.get(User, redeemed.user_id)
    if user is None:
        raise single_use.InvalidLink()
    user.password_hash = password_hash
    await sessions.revoke_all(uow, user.id)
    await login_attempts.forget(uow, user.email)
    await uow.commit()
