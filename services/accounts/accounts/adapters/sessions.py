"""Sessions: each login is one, named by the access token's `sid`, and the family of its
refresh tokens (`adapters/refresh_tokens.py`).

Ending a session (logout, logging out everywhere, a reused refresh token, a
password reset, an email change) goes through one handler,
`handlers/ended_sessions.py`, which also tells the other services. Accounts
checks the session on each of its own requests (`handlers/sessions.py`).

The database session is `db` here, so that `session` always means a login.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import Session


async def start(db: AsyncSession, user_id: UUID, now: datetime, expires_at: datetime) -> Session:
    """A new session, inserted at once: its refresh tokens refer to it."""
    started = Session(
        id=uuid.uuid4(),
        user_id=user_id,
        created_at=now,
        revoked_at=None,
        expires_at=expires_at,
        access_until=None,
    )
    db.add(started)
    await db.flush()
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


async def open_session(db: AsyncSession, session_id: UUID, now: datetime) -> Session | None:
    """The session if it has neither ended nor run out, locked against a concurrent end."""
    found = await db.scalar(select(Session).where(Session.id == session_id).with_for_update())
    if found is None or found.revoked_at is not None:
        return None
    if found.expires_at is not None and found.expires_at <= now:
        return None
    return found


@dataclass(frozen=True)
class Ended:
    session_id: UUID
    access_until: datetime | None
    """When its last access token expires (None: issued before this was recorded)."""
    created_at: datetime


async def end(
    db: AsyncSession,
    user_id: UUID,
    now: datetime,
    reason: str,
    *,
    only: Sequence[UUID] | None = None,
    keep: UUID | None = None,
) -> list[Ended]:
    """End the user's open sessions (`only` these if given, all but `keep` if given);
    what was ended, for the other services to be told."""
    condition = [Session.user_id == user_id, Session.revoked_at.is_(None)]
    if only is not None:
        condition.append(Session.id.in_(list(only)))
    if keep is not None:
        condition.append(Session.id != keep)
    rows = (
        await db.execute(
            select(Session.id, Session.access_until, Session.created_at)
            .where(*condition)
            .with_for_update()
        )
    ).all()
    if not rows:
        return []
    await db.execute(
        update(Session)
        .where(Session.id.in_([row.id for row in rows]), Session.revoked_at.is_(None))
        .values(revoked_at=now, end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return [Ended(row.id, row.access_until, row.created_at) for row in rows]
