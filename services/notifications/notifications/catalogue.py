"""Which messages exist (section N of PRODUCT.md) and the languages each is written in."""

from __future__ import annotations

from enum import StrEnum

LANGUAGES = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
"""French unless the recipient chose Dutch or English (section N)."""


class Template(StrEnum):
    WELCOME = "welcome"  # R-A1
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


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


SECRET_CONTEXT_KEYS = frozenset({"set_password_url", "reset_url", "confirm_url"})
"""Context entries that carry a token: sent in the mail, never logged, erased once sent."""
