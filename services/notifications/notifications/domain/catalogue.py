"""Which messages exist (section N of PRODUCT.md) and the languages each is written in."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

LANGUAGES = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
"""French unless the recipient chose Dutch or English (section N)."""


class Template(StrEnum):
    WELCOME = "welcome"  # R-A1, with the link confirming the address (issue 13)
    EMAIL_VERIFICATION = "email_verification"  # the confirmation link, asked for again
    ACCESS_LINK = "access_link"  # R-A2: a set-password link, never a password
    PASSWORD_RESET = "password_reset"  # R-A3
    EMAIL_CHANGE_CONFIRMATION = "email_change_confirmation"  # R-A5, to the new address
    EMAIL_CHANGE_WARNING = "email_change_warning"  # R-A5, to the current address
    EMAIL_CHANGED = "email_changed"  # R-A5, to the old address once changed
    BOOKING_CONFIRMATION = "booking_confirmation"  # R-C3, with a calendar file
    BOOKING_REJECTION = "booking_rejection"  # R-C2
    CHANGE_REQUEST_OUTCOME = "change_request_outcome"  # R-C5
    VALIDATION_OVERDUE = "validation_overdue"  # R-C2, to staff
    INVOICE_ISSUED = "invoice_issued"  # R-C4
    CREDIT_NOTE_ISSUED = "credit_note_issued"  # R-C5 cancellation of invoiced amounts
    # In-company training (section I), in Brussels time:
    PROPOSED_DATES = "incompany_proposed_dates"  # R-I3, to HR
    RECAP = "incompany_recap"  # R-I4, to HR, one calendar event per group
    PARTICIPANT_REMINDER = "incompany_participant_reminder"  # R-I6, to HR
    GROUP_CONFIRMED_HR = "incompany_group_confirmed_hr"  # R-I9, with a calendar file
    GROUP_CONFIRMED_PARTICIPANT = "incompany_group_confirmed_participant"  # R-I9, with one
    PLATFORM_LINK = "incompany_platform_link"  # R-I10, to each participant, with one
    LIST_MISSING = "incompany_list_missing"  # R-I15, to HR
    EVALUATION_INVITATION = "incompany_evaluation_invitation"  # R-I12, to each participant
    GROUP_CANCELLED_HR = "incompany_group_cancelled_hr"  # R-I13, calendar event cancelled
    GROUP_CANCELLED_PARTICIPANT = "incompany_group_cancelled_participant"  # R-I13, likewise
    GROUP_RESCHEDULED = "incompany_group_rescheduled"  # to HR and participants, new calendar
    FEE_INVOICE = "incompany_fee_invoice"  # R-I14..R-I16: an invoice of kind incompany_fee


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


SEALED_LINK = "sealed_link"
"""The context entry holding a single-use link's token sealed by accounts (`domain/links.py`):
opened only to render the email being sent."""

SECRET_CONTEXT_KEYS = frozenset(
    {"set_password_url", "reset_url", "confirm_url", "verify_url", "platform_url", SEALED_LINK}
)
"""Context entries that carry a token, sealed or not (or a signature, R-I10): sent in the
mail, never logged, erased once sent. The platform link stays available in the
participant's account. Links of the v1 account events held their token in clear here
until sent; the v2 events' are only ever stored sealed."""

CLASS_CALENDAR = frozenset(
    {
        Template.RECAP,
        Template.PARTICIPANT_REMINDER,
        Template.LIST_MISSING,
        Template.GROUP_CONFIRMED_HR,
        Template.GROUP_CONFIRMED_PARTICIPANT,
        Template.PLATFORM_LINK,
        Template.GROUP_RESCHEDULED,
    }
)
"""In-company messages announcing a class's date, which carry its calendar file
(`ics.class_calendar`). The proposed dates (not chosen yet) and the evaluation invitation (the
class is over) carry none."""

SESSION_CALENDAR = frozenset({Template.BOOKING_CONFIRMATION, Template.CHANGE_REQUEST_OUTCOME})
"""Messages about a booked session, which carry its calendar file (`ics.session_calendar`):
the confirmation, and the outcome of a change request when the booking moved (the new date)
or was cancelled (the event cancelled); a declined request changes nothing and carries none."""

CANCELLED_CLASS_CALENDAR = frozenset(
    {Template.GROUP_CANCELLED_HR, Template.GROUP_CANCELLED_PARTICIPANT}
)
"""Messages that carry the class's calendar event marked cancelled, so calendars drop it."""


def kept_once_sent(context: dict[str, Any]) -> dict[str, Any]:
    """A sent message's context without its links with tokens: needed to send, not kept."""
    return {key: value for key, value in context.items() if key not in SECRET_CONTEXT_KEYS}
