"""Confirming that a person receives mail at their login address (issue 13, finding 1).

Other services match enrollment history (R-A4), invoices and participations on
the login email, so an address nobody has proven must not open them: a new
account is unverified until the single-use link sent to its address is used,
and access tokens say which (`email_verified`). Any link that reached the
address proves it: the welcome's confirmation link, an invitation's
set-password link (R-A2, R-A7, staff), a password reset (R-A3), and the
confirmation of a new address (R-A5, for the new one).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from accounts.adapters import single_use, users
from accounts.adapters.link_sealing import sealed_link
from accounts.adapters.tables import User
from accounts.domain.commands import ResendVerification, VerifyEmail
from accounts.domain.links import Purpose
from accounts.domain.refusals import (
    AccountNotFound,
    EmailAlreadyVerified,
    InvalidLink,
    TooManyVerificationEmails,
)
from accounts.domain.throttling import may_send_verification
from accounts.handlers import Uow
from contracts.accounts import EmailVerificationRequestedV1, SealedLink

HOUR = timedelta(hours=1)


def mark_verified(user: User, now: datetime) -> None:
    """The address is proven from now on (kept if it already was)."""
    if user.email_verified_at is None:
        user.email_verified_at = now


async def verification_link(uow: Uow, user: User) -> SealedLink:
    """A new confirmation link for the user's current address, sealed for notifications;
    older ones no longer work."""
    now = uow.clock.now()
    await single_use.retire_all(uow.session, now, user.id, Purpose.VERIFY_EMAIL)
    issued = await single_use.issue(
        uow.session,
        now,
        user.id,
        Purpose.VERIFY_EMAIL,
        timedelta(hours=uow.settings.email_verification_hours),
        new_email=user.email,  # the address it proves
    )
    return sealed_link(uow.settings, Purpose.VERIFY_EMAIL, user.id, issued.token, issued.expires_at)


async def verify_email(command: VerifyEmail, uow: Uow) -> User:
    """Use a confirmation link once: the address it was sent to is proven, if it is still
    the login email. Public: the token is the credential."""
    now = uow.clock.now()
    redeemed = await single_use.redeem(uow.session, now, command.token, Purpose.VERIFY_EMAIL)
    user = await users.user_by_id(uow.session, redeemed.user_id)
    if user is None or redeemed.new_email != user.email:
        raise InvalidLink()
    mark_verified(user, now)
    await uow.commit()
    return user


async def resend_verification(command: ResendVerification, uow: Uow) -> datetime:
    """Send the signed-in person a new confirmation link, `verification_emails_per_hour`
    at most (the welcome's counts); when it expires."""
    user = await users.user_by_id(uow.session, command.user_id)
    if user is None:
        raise AccountNotFound()
    if user.email_verified_at is not None:
        raise EmailAlreadyVerified()
    now = uow.clock.now()
    sent = await single_use.issued_since(uow.session, user.id, Purpose.VERIFY_EMAIL, now - HOUR)
    per_hour = uow.settings.verification_emails_per_hour
    if not may_send_verification(len(sent), per_hour):
        wait = sent[len(sent) - per_hour] + HOUR - now  # when one fewer is in the hour
        raise TooManyVerificationEmails(max(1, math.ceil(wait.total_seconds())))
    link = await verification_link(uow, user)
    uow.publish(
        EmailVerificationRequestedV1(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=user.language,  # type: ignore[arg-type]
            link=link,
        )
    )
    await uow.commit()
    return link.expires_at
