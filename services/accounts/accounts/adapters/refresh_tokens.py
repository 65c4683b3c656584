"""Refresh tokens: opaque, 256 random bits, stored only as their SHA-256 digest.

Rotation (OAuth 2.0 Security BCP, section 4.14): each exchange marks the token
used and issues the next one of its session. One conditional UPDATE marks it,
so of two concurrent exchanges of the same token one wins and the other is a
reuse; a reused token ends its session (`handlers/sessions.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import RefreshToken
from accounts.domain.links import digest, new_token


def issue(db: AsyncSession, session_id: UUID, now: datetime, expires_at: datetime) -> str:
    """A new refresh token of the session; only its digest is kept."""
    token = new_token()
    db.add(
        RefreshToken(
            token_digest=digest(token),
            session_id=session_id,
            issued_at=now,
            expires_at=expires_at,
            used_at=None,
        )
    )
    return token


class Outcome(StrEnum):
    EXCHANGED = "exchanged"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REUSED = "reused"


@dataclass(frozen=True)
class Exchange:
    outcome: Outcome
    session_id: UUID | None = None


async def use(db: AsyncSession, token: str, now: datetime) -> Exchange:
    """Mark the token used, once; what it was (the caller decides what follows)."""
    token_digest = digest(token)
    found = await db.scalar(
        update(RefreshToken)
        .where(
            RefreshToken.token_digest == token_digest,
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(RefreshToken.session_id)
    )
    if found is not None:
        return Exchange(Outcome.EXCHANGED, found)
    row = (
        await db.execute(
            select(RefreshToken.session_id, RefreshToken.used_at).where(
                RefreshToken.token_digest == token_digest
            )
        )
    ).first()
    if row is None:
        return Exchange(Outcome.UNKNOWN)
    if row.used_at is not None:
        return Exchange(Outcome.REUSED, row.session_id)
    return Exchange(Outcome.EXPIRED, row.session_id)


async def session_of(db: AsyncSession, token: str) -> UUID | None:
    """The session a refresh token (used or not) belongs to, for a logout by it."""
    found = await db.scalar(
        select(RefreshToken.session_id).where(RefreshToken.token_digest == digest(token))
    )
    return found
