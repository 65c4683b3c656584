"""Users in the database: found by login email, added without or with a password."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import User
from contracts.identity import Role, normalise_email


async def email_is_taken(session: AsyncSession, email: str, *, but: UUID | None = None) -> bool:
    """Whether an account (other than `but`) logs in with this normalised address."""
    query = select(User.id).where(User.email == email)
    if but is not None:
        query = query.where(User.id != but)
    return await session.scalar(query) is not None


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email))


def new_user(
    session: AsyncSession,
    now: datetime,
    *,
    email: str,
    full_name: str,
    language: str,
    account_kind: str,
    roles: list[Role],
    company_id: UUID | None = None,
    password_hash: str | None = None,
) -> User:
    """Add a user to the session; without a password hash it cannot log in yet (R-A2)."""
    user = User(
        id=uuid.uuid4(),
        email=normalise_email(email),
        full_name=full_name.strip(),
        password_hash=password_hash,
        language=language,
        account_kind=account_kind,
        roles=[r.value for r in roles],
        company_id=company_id,
        created_at=now,
    )
    session.add(user)
    return user


async def user_by_id(session: AsyncSession, user_id: UUID) -> User | None:
    return await session.get(User, user_id)
