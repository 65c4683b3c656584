"""Sessions: each login is one, named by the access token's `sid`.

Revoking a session (logout, password reset, email change) is checked by
accounts' own endpoints on every request (`authentication.py`). The other
services verify tokens offline and cannot see revocations: they accept a
token until it expires, at most `access_token_minutes` (15) later. That
short lifetime is what bounds a revoked session elsewhere.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy import select, update

from accounts.adapters.tables import Session
from chassis.unit_of_work import UnitOfWork


def start(uow: UnitOfWork, user_id: UUID) -> Session:
    session = Session(id=uuid.uuid4(), user_id=user_id, created_at=uow.clock.now(), revoked_at=None)
    uow.session.add(session)
    return session


async def is_active(uow: UnitOfWork, session_id: str, user_id: UUID) -> bool:
    try:
        sid = UUID(session_id)
    except ValueError:
        return False
    found = await uow.session.scalar(
        select(Session.id).where(
            Session.id == sid, Session.user_id == user_id, Session.revoked_at.is_(None)
        )
    )
    return found is not None


async def revoke(uow: UnitOfWork, session_id: UUID) -> None:
    await uow.session.execute(
        update(Session)
        .where(Session.id == session_id, Session.revoked_at.is_(None))
        .values(revoked_at=uow.clock.now())
    )


async def revoke_all(uow: UnitOfWork, user_id: UUID, *, keep: UUID | None = None) -> None:
    """End every session of the user (R-A3 after a reset), but `keep` if given."""
    condition = [Session.user_id == user_id, Session.revoked_at.is_(None)]
    if keep is not None:
        condition.append(Session.id != keep)
    await uow.session.execute(update(Session).where(*condition).values(revoked_at=uow.clock.now()))
