"""Who is owed which message for each event, with what the template needs: no I/O.

Each function turns one event into the messages it causes, one per recipient.
Contexts hold plain JSON (ISO instants, decimal strings) because they are
stored and rendered later, at send time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from contracts.accounts import (
    EmailChangeRequestedV1,
    EmailChangeRequestedV2,
    EmailVerificationRequestedV1,
    PasswordResetRequestedV1,
    PasswordResetRequestedV2,
    UserEmailChangedV1,
    UserInvitedV1,
    UserInvitedV2,
    UserRegisteredV1,
    UserRegisteredV2,
)
from contracts.billing import CreditNoteIssuedV1, InvoiceIssuedV1
from contracts.enrollment import (
    BookingRejectedV1,
    BookingValidatedV1,
    ChangeRequestResolvedV1,
    SessionFacts,
    ValidationOverdueV1,
)
from contracts.identity import normalise_email
from notifications.domain.catalogue import Template, language_or_default
from notifications.domain.links import sealed


@dataclass(frozen=True)
class Owed:
    """One message owed to one recipient."""

    template: Template
    recipient_email: str
    language: str
    context: dict[str, Any] = field(default_factory=dict)
    recipient_user_id: UUID | None = None


def owe(
    template: Template,
    email: str,
    language: str,
    context: dict[str, Any],
    user_id: UUID | None = None,
) -> Owed:
    """One message, its address lower-cased so login emails match, in a known language."""
    return Owed(template, normalise_email(email), language_or_default(language), context, user_id)


def _session(session: SessionFacts) -> dict[str, Any]:
    return session.model_dump(mode="json")


def welcome(event: UserRegisteredV1) -> list[Owed]:
    """R-A1: a new account is greeted."""
    context = {"full_name": event.full_name}
    return [owe(Template.WELCOME, event.email, event.language, context, event.user_id)]


def welcome_and_verification(event: UserRegisteredV2) -> list[Owed]:
    """R-A1: a new account is greeted, with the link that confirms its address (sealed)."""
    context = {"full_name": event.full_name, **sealed(event.verification, event.user_id)}
    return [owe(Template.WELCOME, event.email, event.language, context, event.user_id)]


def email_verification(event: EmailVerificationRequestedV1) -> list[Owed]:
    """The confirmation link again, asked for by the signed-in person (sealed)."""
    context = {"full_name": event.full_name, **sealed(event.link, event.user_id)}
    return [owe(Template.EMAIL_VERIFICATION, event.email, event.language, context, event.user_id)]


def access_link_v2(event: UserInvitedV2) -> list[Owed]:
    """R-A2: an account made for someone sends a single-use set-password link (sealed)."""
    context = {
        "full_name": event.full_name,
        "reason": event.reason,
        **sealed(event.link, event.user_id),
    }
    return [owe(Template.ACCESS_LINK, event.email, event.language, context, event.user_id)]


def password_reset_v2(event: PasswordResetRequestedV2) -> list[Owed]:
    """R-A3: the reset link (sealed) goes to the account's address only."""
    context = sealed(event.link, event.user_id)
    return [owe(Template.PASSWORD_RESET, event.email, event.language, context, event.user_id)]


def email_change_v2(event: EmailChangeRequestedV2) -> list[Owed]:
    """R-A5: the link (sealed) confirms the new address; the current one is warned."""
    emails = {"current_email": event.current_email, "new_email": event.new_email}
    return [
        owe(
            Template.EMAIL_CHANGE_CONFIRMATION,
            event.new_email,
            event.language,
            {**emails, **sealed(event.link, event.user_id)},
            event.user_id,
        ),
        owe(
            Template.EMAIL_CHANGE_WARNING,
            event.current_email,
            event.language,
            emails,
            event.user_id,
        ),
    ]


# The v1 events below carried their link in clear; they are no longer published, and
# their queues are consumed only for what was in flight when accounts moved to v2.


def access_link(event: UserInvitedV1) -> list[Owed]:
    """R-A2: an account made for someone sends a single-use set-password link."""
    context = {
        "full_name": event.full_name,
        "set_password_url": event.set_password_url,
        "expires_at": event.expires_at.isoformat(),
        "reason": event.reason,
    }
    return [owe(Template.ACCESS_LINK, event.email, event.language, context, event.user_id)]


def password_reset(event: PasswordResetRequestedV1) -> list[Owed]:
    """R-A3: the reset link goes to the account's address only."""
    context = {"reset_url": event.reset_url, "expires_at": event.expires_at.isoformat()}
    return [owe(Template.PASSWORD_RESET, event.email, event.language, context, event.user_id)]


def email_change(event: EmailChangeRequestedV1) -> list[Owed]:
    """R-A5: the link confirms the new address; the current one is warned beforehand."""
    emails = {"current_email": event.current_email, "new_email": event.new_email}
    confirm = {
        **emails,
        "confirm_url": event.confirm_url,
        "expires_at": event.expires_at.isoformat(),
    }
    return [
        owe(
            Template.EMAIL_CHANGE_CONFIRMATION,
            event.new_email,
            event.language,
            confirm,
            event.user_id,
        ),
        owe(
            Template.EMAIL_CHANGE_WARNING,
            event.current_email,
            event.language,
            emails,
            event.user_id,
        ),
    ]


def email_changed(event: UserEmailChangedV1) -> list[Owed]:
    """R-A5: the old address learns the change happened (and how history now follows)."""
    context = {"old_email": event.old_email, "new_email": event.new_email}
    return [owe(Template.EMAIL_CHANGED, event.old_email, event.language, context, event.user_id)]


def booking_confirmation(event: BookingValidatedV1) -> list[Owed]:
    """R-C3: whoever placed the booking is told, and the trainee too when someone else."""
    context = {
        "booking_id": str(event.booking_id),
        "session": _session(event.session),
        "trainee_name": event.trainee.full_name,
    }
    owed = [
        owe(
            Template.BOOKING_CONFIRMATION,
            event.placed_by_email,
            event.language,
            context,
            event.placed_by_user_id,
        )
    ]
    if normalise_email(event.trainee.email) != normalise_email(event.placed_by_email):
        owed.append(
            owe(Template.BOOKING_CONFIRMATION, event.trainee.email, event.language, context)
        )
    return owed


def booking_rejection(event: BookingRejectedV1) -> list[Owed]:
    """R-C2: a rejected request is explained to whoever placed it."""
    context = {
        "booking_id": str(event.booking_id),
        "session": _session(event.session),
        "reason": event.reason,
    }
    return [owe(Template.BOOKING_REJECTION, event.placed_by_email, event.language, context)]


def change_request_outcome(event: ChangeRequestResolvedV1) -> list[Owed]:
    """R-C5: the customer is told how their cancel-or-move request was resolved."""
    context = {
        "booking_id": str(event.booking_id),
        "outcome": event.outcome,
        "reason": event.reason,
        "session": _session(event.session),
    }
    return [owe(Template.CHANGE_REQUEST_OUTCOME, event.placed_by_email, event.language, context)]


def validation_overdue(
    event: ValidationOverdueV1, *, staff_email: str, language: str
) -> list[Owed]:
    """R-C2: a request still pending at its deadline is reported to staff, once per event."""
    context = {
        "booking_id": str(event.booking_id),
        "session": _session(event.session),
        "requested_at": event.requested_at.isoformat(),
        "due_at": event.due_at.isoformat(),
    }
    return [owe(Template.VALIDATION_OVERDUE, staff_email, language, context)]


def invoice_issued(event: InvoiceIssuedV1) -> list[Owed]:
    """R-C4: the payer receives each invoice issued to them.

    An in-company fee (R-I14..R-I16) has its own wording: it is a fee for an
    in-company group, not a part of an enrollment's price.
    """
    context = {
        "number": event.number,
        "payer_name": event.payer_name,
        "amount": str(event.amount),
        "invoiced_total": str(event.invoiced_total),
        "price": str(event.price),
    }
    template = Template.FEE_INVOICE if event.kind == "incompany_fee" else Template.INVOICE_ISSUED
    return [owe(template, event.payer_email, event.language, context)]


def credit_note_issued(event: CreditNoteIssuedV1) -> list[Owed]:
    """R-C5: a cancelled booking's invoiced amount is credited to the payer."""
    context = {
        "credit_note_id": str(event.credit_note_id),
        "number": event.number,
        "amount": str(event.amount),
    }
    return [owe(Template.CREDIT_NOTE_ISSUED, event.payer_email, event.language, context)]
