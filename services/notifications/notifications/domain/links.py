"""Single-use links: from what accounts sealed to the portal page the email opens. No I/O.

Accounts' v2 events carry a link's token sealed (`contracts.accounts.SealedLink`);
the message keeps it so, under `sealed_link`, with whom and what it is for.
Only when the email is rendered to be sent is it opened (`adapters/links.py`)
and the link built here, from the configured portal address and the page
docs/LINKS.md names for its purpose; the sealed value is dropped once sent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode
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


PORTAL_PAGES = {"invoice_id": ("invoice_url", "/invoices/{}")}
"""Context entries naming a document, the link the template knows it by and its portal page
(docs/LINKS.md). Not secret: built when the email is rendered, from `PUBLIC_BASE_URL`."""


def with_portal_links(context: dict[str, Any], public_base_url: str) -> dict[str, Any]:
    """The context with a link to the portal page of each document it names."""
    links = {
        name: f"{public_base_url.rstrip('/')}{page.format(quote(str(context[key]), safe=''))}"
        for key, (name, page) in PORTAL_PAGES.items()
        if key in context
    }
    return {**context, **links} if links else context
