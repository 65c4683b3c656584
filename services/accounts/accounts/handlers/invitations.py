"""Accounts made for someone else, and their single-use set-password link (R-A2, R-A7).

Never a password by email: the person gets a link, valid `invitation_hours`,
usable once, and chooses their password with it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import structlog
from sqlalchemy import select

from accounts.adapters import sessions, single_use
from accounts.adapters.password_hashing import check_policy, hash_password
from accounts.adapters.tables import User
from accounts.domain.links import Purpose, link
from accounts.handlers.individuals import email_is_taken, new_user, normalise_email
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import UserInvitedV1
from contracts.enrollment import BookingRequestedV1
from contracts.identity import Role
from contracts.incompany import ParticipantAddedV1

log = structlog.get_logger("accounts.invitations")

Reason = Literal["enrollment_by_staff", "incompany_participant", "staff_account"]


async def set_password_link(
    uow: UnitOfWork, settings: AccountsSettings, user: User
) -> single_use.Issued:
    """A fresh set-password token for the user; the caller decides how it reaches them."""
    return await single_use.issue(
        uow, user.id, Purpose.SET_PASSWORD, timedelta(hours=settings.invitation_hours)
    )


async def invite(uow: UnitOfWork, settings: AccountsSettings, user: User, reason: Reason) -> None:
    """Stage the UserInvitedV1 that makes notifications email the link (R-A2)."""
    issued = await set_password_link(uow, settings, user)
    uow.publish(
        UserInvitedV1(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=user.language,  # type: ignore[arg-type]
            set_password_url=link(settings.public_base_url, Purpose.SET_PASSWORD, issued.token),
            expires_at=issued.expires_at,
            reason=reason,
        )
    )


async def set_password(uow: UnitOfWork, token: str, password: str) -> None:
    """Use a set-password link once: the account gets its password (R-A2)."""
    check_policy(password)
    await single_use.check(uow, token, Purpose.SET_PASSWORD)  # before the costly hash
    password_hash = await hash_password(password)
    redeemed = await single_use.redeem(uow, token, Purpose.SET_PASSWORD)
    user = await uow.session.get(User, redeemed.user_id)
    if user is None:
        raise single_use.InvalidLink()
    user.password_hash = password_hash
    await sessions.revoke_all(uow, user.id)
    await uow.commit()


async def invite_on_booking(event: BookingRequestedV1, uow: UnitOfWork) -> None:
    """R-A2: an enrollment not made on the website still gives the person an account.

    When staff placed the booking, the person it is placed for (`placed_by_email`)
    gets an account if they have none; the trainee too, whoever placed it. An
    existing account is left alone. Redelivery is absorbed by the chassis inbox,
    and the unique email makes a racing duplicate fail and retry into a no-op.
    """
    settings = uow.settings
    if not isinstance(settings, AccountsSettings):
        raise TypeError("the accounts consumers run with AccountsSettings")
    people: dict[str, str] = {}
    if event.placed_by_staff:
        people[normalise_email(event.placed_by_email)] = event.placed_by_name
    people.setdefault(normalise_email(event.trainee.email), event.trainee.full_name)
    for email, full_name in people.items():
        if await email_is_taken(uow, email):
            continue
        user = new_user(
            uow,
            email=email,
            full_name=full_name,
            language=event.language,
            account_kind="individual",
            roles=[Role.INDIVIDUAL],
        )
        await invite(uow, settings, user, "enrollment_by_staff")
        log.info("account created for a booking", user_id=str(user.id))


async def invite_participant(event: ParticipantAddedV1, uow: UnitOfWork) -> None:
    """R-A7: an in-company participant without an account gets one, and a set-password link.

    The account carries the participant role, with which the person sees their
    class and learning-platform link. An existing account is not invited
    again; it only gains the participant role if it lacked it (effective at its
    next login). Redelivery is absorbed by the chassis inbox, a copy with a new
    event id finds the account, and the unique email makes a racing duplicate
    fail and retry into a no-op.
    """
    settings = uow.settings
    if not isinstance(settings, AccountsSettings):
        raise TypeError("the accounts consumers run with AccountsSettings")
    participant = event.participant
    email = normalise_email(str(participant.email))
    user = await uow.session.scalar(select(User).where(User.email == email))
    if user is not None:
        if Role.PARTICIPANT.value not in user.roles:
            user.roles = [*user.roles, Role.PARTICIPANT.value]
            log.info("participant role added to an existing account", user_id=str(user.id))
        return
    user = new_user(
        uow,
        email=email,
        full_name=participant.full_name,
        language=participant.language,
        account_kind="individual",
        roles=[Role.PARTICIPANT],
    )
    await invite(uow, settings, user, "incompany_participant")
    log.info("account created for an in-company participant", user_id=str(user.id))
