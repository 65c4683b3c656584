"""Opening a sealed link for the email being rendered (`chassis.sealing`, `domain/links.py`).

The one place notifications holds a link's token in clear: in memory, while
it renders the email that carries it. Nothing here stores or logs it.
"""

from __future__ import annotations

from typing import Any

from chassis.sealing import LinkSealer, UnsealError
from notifications.domain.catalogue import SEALED_LINK
from notifications.domain.links import PORTAL_URL, URL_KEYS, link_url
from notifications.settings import NotificationsSettings


class LinkUnavailable(Exception):
    """The sealed link cannot be opened: no keys, a key dropped too soon, or tampering."""


def context_for_sending(context: dict[str, Any], settings: NotificationsSettings) -> dict[str, Any]:
    """The context the template renders: the portal's address its links start with, and a
    sealed link opened into its URL, under the name the template knows."""
    if SEALED_LINK not in context:
        return {**context, PORTAL_URL: settings.public_base_url}
    sealed = context[SEALED_LINK]
    purpose = str(sealed["purpose"])
    if settings.link_sealing_keys is None:
        raise LinkUnavailable("no link_sealing_keys: the link cannot be opened")
    sealer = LinkSealer.from_setting(settings.link_sealing_keys.get_secret_value())
    try:
        token = sealer.unseal(
            str(sealed["sealed_token"]), purpose=purpose, subject=str(sealed["subject"])
        )
    except UnsealError as error:
        raise LinkUnavailable(f"the {purpose} link cannot be opened: {error}") from error
    rendered = {key: value for key, value in context.items() if key != SEALED_LINK}
    rendered[URL_KEYS[purpose]] = link_url(settings.public_base_url, purpose, token)
    rendered[PORTAL_URL] = settings.public_base_url
    return rendered
