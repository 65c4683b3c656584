"""National register numbers at rest: encrypted, and found through a blind index. No I/O.

The number is encrypted with Fernet (AES-128-CBC with HMAC-SHA256,
authenticated); `MultiFernet` encrypts with the first key and decrypts with
any, so keys rotate without a migration. To find a number without decrypting
every row (a duplicate in a group, R-I8), rows also keep a blind index:
HMAC-SHA256 of the compact number under a separate key. Without that key the
index cannot be brute-forced over the small space of valid numbers.

Rotating the index key: the new key becomes `nrn_index_key` and the old one
`nrn_previous_index_key`; lookups then try both (`blind_indexes`), so nobody
goes unfound, and `python -m incompany nrn-reindex` recomputes every row's
index under the new key, after which the old key is removed
(docs/OPERATIONS.md). Rotating an encryption key: the new key goes first in
`nrn_encryption_keys`, `python -m incompany nrn-reencrypt` re-encrypts every
number with it (`rotate`), and the old key is removed.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from incompany.domain.refusals import KeysNotConfigured
from incompany.settings import IncompanySettings


class UnreadableNumber(Exception):
    """A stored number could not be decrypted with any configured key."""


class NrnProtector:
    def __init__(
        self, encryption_keys: str, index_key: str, previous_index_key: str | None = None
    ) -> None:
        keys = [k.strip() for k in encryption_keys.split(",") if k.strip()]
        if not keys:
            raise ValueError("at least one encryption key is needed")
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        self._index_key = index_key.encode()
        self._previous_index_key = previous_index_key.encode() if previous_index_key else None

    def encrypt(self, compact: str) -> bytes:
        return self._fernet.encrypt(compact.encode())

    def decrypt(self, ciphertext: bytes) -> str:
        try:
            return self._fernet.decrypt(ciphertext).decode()
        except InvalidToken as error:
            raise UnreadableNumber("no configured key decrypts this number") from error

    def rotate(self, ciphertext: bytes) -> bytes:
        """The number encrypted again under the first key (whichever key decrypts it)."""
        try:
            return self._fernet.rotate(ciphertext)
        except InvalidToken as error:
            raise UnreadableNumber("no configured key decrypts this number") from error

    def blind_index(self, compact: str) -> str:
        """The index a row is stored with: under the current index key."""
        return hmac.new(self._index_key, compact.encode(), hashlib.sha256).hexdigest()

    def blind_indexes(self, compact: str) -> list[str]:
        """Every index a row of this number may still have: the current key's, and the
        previous key's while an index key rotation is under way."""
        indexes = [self.blind_index(compact)]
        if self._previous_index_key is not None:
            previous = hmac.new(self._previous_index_key, compact.encode(), hashlib.sha256)
            indexes.append(previous.hexdigest())
        return indexes


def protector_of(settings: IncompanySettings) -> NrnProtector:
    """The keys that protect national register numbers, as configured; until all three
    participant keys are set, participant data cannot be handled (503)."""
    missing = settings.missing_participant_keys()
    if missing or settings.nrn_encryption_keys is None or settings.nrn_index_key is None:
        raise KeysNotConfigured(f"participant data cannot be handled: set {', '.join(missing)}")
    previous = settings.nrn_previous_index_key
    return NrnProtector(
        settings.nrn_encryption_keys.get_secret_value(),
        settings.nrn_index_key.get_secret_value(),
        previous.get_secret_value() if previous else None,
    )
