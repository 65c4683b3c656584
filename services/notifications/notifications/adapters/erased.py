"""The addresses of people erased on request, kept as SHA-256 digests (issue 18)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.tables import ErasedRecipient


def email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


async def remember(session: AsyncSession, email: str, now: datetime) -> None:
    digest = email_digest(email)
    if await session.get(ErasedRecipient, digest) is None:
        session.add(ErasedRecipient(email_digest=digest, erased_at=now))


async def erased_among(session: AsyncSession, emails: set[str]) -> set[str]:
    """Which of these addresses belong to people erased on request."""
    by_digest = {email_digest(e): e for e in emails}
    found = await session.scalars(
        select(ErasedRecipient.email_digest).where(ErasedRecipient.email_digest.in_(by_digest))
    )
    return {by_digest[d] for d in found}
