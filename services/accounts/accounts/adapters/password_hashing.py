"""Password hashing: argon2id at OWASP's parameters, run off the event loop.

19 MiB of memory, 2 iterations, 1 lane (OWASP Password Storage Cheat Sheet).
Hashing takes tens of milliseconds of CPU: in a worker thread it does not
stall every other request of the process. The policy (length) is a rule:
`domain/passwords.py`.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified when the email is unknown, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password-but-a-timing-decoy")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; never for an account without a password (R-A2)."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)
