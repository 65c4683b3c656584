"""Sealing a single-use link's token for the one service that emails it. Pure crypto, no I/O.

Accounts makes a link's token and keeps only its digest; notifications renders
the email. Between them the token crosses the outbox, the broker, its
dead-letter queues and notifications' table of messages, and none of those may
hold a token that works (issue 13). So accounts seals it with a key only it
and notifications hold (`LINK_SEALING_KEYS`), and notifications unseals it
only to render the email it is sending (docs/ARCHITECTURE.md, "Links").

AES-256-GCM: authenticated, so a sealed value cannot be altered. The
associated data binds it to the link's purpose and its person, so a sealed
reset token cannot be passed off as another person's, or as an invitation.
Keys are listed newest first: the first seals, any of them unseals, so a key
is rotated by putting the new one first and dropping the old one once what
it sealed has expired (docs/OPERATIONS.md). A sealed value names its key by a
4-byte id (from the key's SHA-256), so unsealing tries one key, not all.

    sealed = "s1." + base64url(key_id[4] + nonce[12] + ciphertext_and_tag)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "s1."
KEY_BYTES = 32
NONCE_BYTES = 12
KEY_ID_BYTES = 4


class UnsealError(Exception):
    """The value was not sealed by any configured key for this purpose and person,
    or it was altered."""


def new_key() -> str:
    """A fresh key, as `LINK_SEALING_KEYS` lists them: 32 random bytes, base64url."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


def parse_keys(value: str) -> list[bytes]:
    """The keys of a comma-separated setting, newest first; ValueError naming the rule."""
    keys = []
    for text in (part.strip() for part in value.split(",")):
        if not text:
            continue
        try:
            key = base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4))
        except (binascii.Error, ValueError) as error:
            raise ValueError("link sealing keys are base64url text, comma-separated") from error
        if len(key) != KEY_BYTES:
            raise ValueError(f"a link sealing key is {KEY_BYTES} bytes (base64url)")
        keys.append(key)
    if not keys:
        raise ValueError("at least one link sealing key is needed")
    return keys


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:KEY_ID_BYTES]


def _associated(purpose: str, subject: str) -> bytes:
    return f"link|{purpose}|{subject}".encode()


class LinkSealer:
    """Seals with the first key, unseals with whichever key a value names."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("at least one link sealing key is needed")
        self._sealing = keys[0]
        self._by_id = {_key_id(key): AESGCM(key) for key in reversed(keys)}

    @classmethod
    def from_setting(cls, value: str) -> LinkSealer:
        return cls(parse_keys(value))

    def seal(self, token: str, *, purpose: str, subject: str) -> str:
        """`token` sealed for `purpose` (e.g. "reset_password") and `subject` (the user id)."""
        nonce = os.urandom(NONCE_BYTES)
        key_id = _key_id(self._sealing)
        sealed = self._by_id[key_id].encrypt(nonce, token.encode(), _associated(purpose, subject))
        return PREFIX + base64.urlsafe_b64encode(key_id + nonce + sealed).decode().rstrip("=")

    def unseal(self, sealed: str, *, purpose: str, subject: str) -> str:
        """The token; UnsealError if the value is not one we sealed for this purpose and
        subject with a key we still hold."""
        if not sealed.startswith(PREFIX):
            raise UnsealError("not a sealed link token")
        body = sealed[len(PREFIX) :]
        try:
            raw = base64.urlsafe_b64decode(body.encode() + b"=" * (-len(body) % 4))
        except (binascii.Error, ValueError) as error:
            raise UnsealError("not a sealed link token") from error
        key_id, nonce = raw[:KEY_ID_BYTES], raw[KEY_ID_BYTES : KEY_ID_BYTES + NONCE_BYTES]
        cipher = self._by_id.get(key_id)
        if cipher is None:
            raise UnsealError("sealed with a key that is no longer configured")
        try:
            token = cipher.decrypt(
                nonce, raw[KEY_ID_BYTES + NONCE_BYTES :], _associated(purpose, subject)
            )
        except InvalidTag as error:
            raise UnsealError("altered, or sealed for another purpose or person") from error
        return token.decode()
