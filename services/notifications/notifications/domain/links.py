"""Single-use links: from what accounts sealed to the portal page the email opens. No I/O.

Accounts' v2 events carry a link's token sealed (`contracts.accounts.SealedLink`);
the message keeps it so, under `sealed_link`, with whom and what it is for.
Only when the email is rendered to be sent is it opened (`adapters/links.py`)
and the link built here, from the configured portal address and the page
docs/LINKS.md names for its purpose; the sealed value is dropped once sent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from contracts.accounts import SealedLink
from notifications.domain.catalogue import SEALED_LINK

PAGES = {
    "verify_email": "/verify-email",
    "set_password": "/set-password",
    "reset_password": "/reset-password",
    "confirm_email": "/confirm-email",
}
"""The portal page of each purpose (docs/LINKS.md)."""

URL_KEYS = {
    "verify_email": "verify_url",
    "set_password": "set_password_url",
    "reset_password": "reset_url",
    "confirm_email": "confirm_url",
}
"""The name the templates give each purpose's link (the v1 events' field names)."""


def sealed(link: SealedLink, user_id: UUID) -> dict[str, Any]:
    """What a message's context keeps of a link until it is sent: still sealed."""
    return {
        SEALED_LINK: {
            "purpose": link.purpose,
            "sealed_token": link.sealed_token,
            "subject": str(user_id),
        },
        "expires_at": link.expires_at.isoformat(),
    }


def link_url(public_base_url: str, purpose: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}{PAGES[purpose]}?{urlencode({'token': token})}"


PORTAL_PAGES = {
    "catalogue": "/",
    "login": "/login",
    "account": "/account",
    "enrollment": "/enrollments/{booking_id}",
    "credit_note": "/credit-notes/{credit_note_id}",
    "invoice": "/invoices/{invoice_id}",
    "validations": "/staff/validations",
    "hr_request": "/hr/requests/{request_id}",
    "hr_group": "/hr/groups/{group_id}",
    "training": "/trainings/{participant_id}",
}
"""The portal pages emails link to without a token (docs/LINKS.md), by the name templates
use: `{{ page("enrollment", booking_id=booking_id) }}`. Each is a page the portal serves
(tests/test_email_links.py); a page it does not have yet is never linked."""

PORTAL_URL = "portal_url"
"""The context entry holding the portal's address while an email is rendered."""


def page_url(public_base_url: str, page: str, **ids: object) -> str:
    """The address of one portal page; an id missing from `ids` is a KeyError."""
    path = PORTAL_PAGES[page].format(**{name: str(value) for name, value in ids.items()})
    return f"{public_base_url.rstrip('/')}{path}"
