"""Single-use links (R-A2 set password, R-A3 reset, R-A5 confirm email). No I/O.

The token is 256 random bits (`secrets.token_urlsafe(32)`, OWASP asks for at
least 128); only its SHA-256 digest is stored, so a leaked database holds no
usable link. A plain hash suffices (no salt, no slow hash): the token has
full entropy, nothing to guess. The link is built from the configured base
address, never from the request.
"""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum
from urllib.parse import urlencode

TOKEN_BYTES = 32


class Purpose(StrEnum):
    SET_PASSWORD = "set_password"
    RESET_PASSWORD = "reset_password"
    CONFIRM_EMAIL = "confirm_email"


PAGES = {
    Purpose.SET_PASSWORD: "set-password",
    Purpose.RESET_PASSWORD: "reset-password",
    Purpose.CONFIRM_EMAIL: "confirm-email",
}
"""The customer-space page each link opens; it posts the token back to accounts."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What is stored and looked up: the SHA-256 of the token, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def link(public_base_url: str, purpose: Purpose, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/{PAGES[purpose]}?{urlencode({'token': token})}"
