"""The session cookie's content, sealed: encrypted and authenticated (Fernet), with key
rotation (MultiFernet).

Fernet is AES-128-CBC with an HMAC-SHA256 over the whole token, and the token
carries the instant it was sealed, so a cookie older than `max_age_seconds` is
refused even if a browser kept it. The first key seals, every key opens: to
rotate, put a new key first and drop the old one once its cookies have expired.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SessionSeal:
    def __init__(self, keys: Sequence[str], max_age_seconds: int) -> None:
        if not keys:
            raise ValueError("at least one session key (PORTAL_SESSION_KEYS)")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        self._max_age = max_age_seconds

    def seal(self, content: dict[str, Any]) -> str:
        raw = json.dumps(content, separators=(",", ":")).encode()
        return self._fernet.encrypt(raw).decode()

    def open(self, sealed: str) -> dict[str, Any] | None:
        """The content, or None for a cookie forged, damaged, sealed by an unknown key or
        too old."""
        try:
            raw = self._fernet.decrypt(sealed.encode(), ttl=self._max_age)
            content = json.loads(raw)
        except (InvalidToken, ValueError, TypeError):
            return None
        return content if isinstance(content, dict) else None


def new_key() -> str:
    return Fernet.generate_key().decode()
