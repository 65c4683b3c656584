"""Accounts made for someone else, and their single-use set-password link (R-A2, R-A7).

Never a password by email: the person gets a link, valid `invitation_hours`,
usable once, and chooses their password with it (`handlers/passwords.py`).
Two events make such accounts: a booking placed by staff (R-A2) and an
in-company participant (R-A7).
"""

from __future__ import annotations

from datetime import timedelta

import structlog

from accounts.adapters import single_use, users
from accounts.adapters.link_sealing import sealed_link
from accounts.adapters.tables import User
from accounts.domain.links import Purpose
from accounts.handlers import Uow
from contracts.accounts import InvitationReason, UserInvitedV2
from contracts.emails import emails_checked
from contracts.enrollment import BookingRequestedV1
from contracts.identity import Role, normalise_email
from contracts.incompany import ParticipantAddedV1

log = structlog.get_logger("accounts.invitations")

Reason = InvitationReason


async def set_password_link(uow: Uow, user: User) -> single_use.Issued:
    """A fresh set-password token for the user; the caller decides how it reaches them."""
    return await single_use.issue(
        uow.session,
        uow.clock.now(),
        user.id,
        Purpose.SET_PASSWORD,
        timedelta(hours=uow.settings.invitation_hours),
    )


async def invite(uow: Uow, user: User, reason: Reason) -> None:
    """Stage the UserInvitedV2 that makes notifications email the link (R-A2), its token
    sealed for notifications; using it also confirms the address."""
    issued = await set_password_link(uow, user)
    with emails_checked():  # the account's address was checked when it entered
        invited = UserInvitedV2(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=user.language,  # type: ignore[arg-type]
            reason=reason,
            link=sealed_link(
                uow.settings, Purpose.SET_PASSWORD, user.id, issued.token, issued.expires_at
            ),
        )
    uow.publish(invited)


async def invite_on_booking(event: BookingRequestedV1, uow: Uow) -> None:
    """R-A2: an enrollment not made on the website still gives the person an account.

    When staff placed the booking, the person it is placed for (`placed_by_email`)
    gets an account if they have none; the trainee too, whoever placed it. An
    existing account is left alone. Redelivery is absorbed by the chassis inbox,
    and the unique email makes a racing duplicate fail and retry into a no-op.
    """
    people: dict[str, str] = {}
    if event.placed_by_staff:
        people[normalise_email(event.placed_by_email)] = event.placed_by_name
    people.setdefault(normalise_email(event.trainee.email), event.trainee.full_name)
    for email, full_name in people.items():
        if await users.email_is_taken(uow.session, email):
            continue
        user = users.new_user(
            uow.session,
            uow.clock.now(),
            email=email,
            full_name=full_name,
            language=event.language,
            account_kind="individual",
            roles=[Role.INDIVIDUAL],
        )
        await invite(uow, user, "enrollment_by_staff")
        log.info("account created for a booking", user_id=str(user.id))
    await uow.commit()


async def invite_participant(event: ParticipantAddedV1, uow: Uow) -> None:
    """R-A7: an in-company participant without an account gets one, and a set-password link.

    The account carries the participant role, with which the person sees their
    class and learning-platform link. An existing account is not invited
    again; it only gains the participant role if it lacked it (effective at its
    next login). Redelivery is absorbed by the chassis inbox, a copy with a new
    event id finds the account, and the unique email makes a racing duplicate
    fail and retry into a no-op.
    """
    participant = event.participant
    email = normalise_email(str(participant.email))
    user = await users.user_by_email(uow.session, email)
    if user is None:
        user = users.new_user(
            uow.session,
            uow.clock.now(),
            email=email,
            full_name=participant.full_name,
            language=participant.language,
            account_kind="individual",
            roles=[Role.PARTICIPANT],
        )
        await invite(uow, user, "incompany_participant")
        log.info("account created for an in-company participant", user_id=str(user.id))
    elif Role.PARTICIPANT.value not in user.roles:
        user.roles = [*user.roles, Role.PARTICIPANT.value]
        log.info("participant role added to an existing account", user_id=str(user.id))
    await uow.commit()
