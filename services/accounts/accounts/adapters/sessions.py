"""Sessions: each login is one, named by the access token's `sid`.

Revoking a session (logout, password reset, email change) is checked by
accounts' own endpoints on every request (`handlers/sessions.py`). The other
services verify tokens offline and cannot see revocations: they accept a
token until it expires, at most `access_token_minutes` (15) later. That
short lifetime is what bounds a revoked session elsewhere.

The database session is `db` here, so that `session` always means a login.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import Session


def start(db: AsyncSession, user_id: UUID, now: datetime) -> Session:
    started = Session(id=uuid.uuid4(), user_id=user_id, created_at=now, revoked_at=None)
    db.add(started)
    return started


async def is_active(db: AsyncSession, session_id: str, user_id: UUID) -> bool:
    try:
        sid = UUID(session_id)
    except ValueError:
        return False
    found = await db.scalar(
        select(Session.id).where(
            Session.id == sid, Session.user_id == user_id, Session.revoked_at.is_(None)
        )
    )
    return found is not None


async def revoke(db: AsyncSession, session_id: UUID, now: datetime) -> None:
    await db.execute(
        update(Session)
        .where(Session.id == session_id, Session.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_all(
    db: AsyncSession, user_id: UUID, now: datetime, *, keep: UUID | None = None
) -> None:
    """End every session of the user (R-A3 after a reset), but `keep` if given."""
    condition = [Session.user_id == user_id, Session.revoked_at.is_(None)]
    if keep is not None:
        condition.append(Session.id != keep)
    await db.execute(update(Session).where(*condition).values(revoked_at=now))
