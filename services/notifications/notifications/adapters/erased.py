"""The addresses of people erased on request, kept as SHA-256 digests (issue 18).

Recording leaves out the messages owed to them in its INSERT (`messages.insert_owed`)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.tables import ErasedRecipient


def email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


async def remember(session: AsyncSession, email: str, now: datetime) -> None:
    digest = email_digest(email)
    if await session.get(ErasedRecipient, digest) is None:
        session.add(ErasedRecipient(email_digest=digest, erased_at=now))
