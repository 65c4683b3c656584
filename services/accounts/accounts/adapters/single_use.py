"""Issuing and redeeming single-use link tokens (R-A2, R-A3, R-A5).

What a token is and how it is digested is a rule (`domain/links.py`); here,
how its digest is stored and used up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import SingleUseToken
from accounts.domain.links import Purpose, digest, new_token
from accounts.domain.refusals import InvalidLink


@dataclass(frozen=True)
class Issued:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Redeemed:
    user_id: UUID
    new_email: str | None


async def issue(
    session: AsyncSession,
    now: datetime,
    user_id: UUID,
    purpose: Purpose,
    lifetime: timedelta,
    *,
    new_email: str | None = None,
) -> Issued:
    """Store a new token's digest; the token itself only ever goes into the emailed link."""
    await session.flush()  # the user may be new in this unit of work: insert it first
    token = new_token()
    session.add(
        SingleUseToken(
            token_digest=digest(token),
            purpose=purpose.value,
            user_id=user_id,
            new_email=new_email,
            created_at=now,
            expires_at=now + lifetime,
            used_at=None,
        )
    )
    return Issued(token, now + lifetime)


async def check(session: AsyncSession, now: datetime, token: str, purpose: Purpose) -> None:
    """InvalidLink unless the token could be redeemed now; changes nothing.

    Lets a caller refuse a bad link before costly work (hashing a password)."""
    found = await session.scalar(
        select(SingleUseToken.token_digest).where(
            SingleUseToken.token_digest == digest(token),
            SingleUseToken.purpose == purpose.value,
            SingleUseToken.used_at.is_(None),
            SingleUseToken.expires_at > now,
        )
    )
    if found is None:
        raise InvalidLink()


async def redeem(session: AsyncSession, now: datetime, token: str, purpose: Purpose) -> Redeemed:
    """Mark the token used and say whose it is; InvalidLink if it cannot be used.

    One conditional UPDATE: of two concurrent uses of the same link, only one
    finds it unused, so a link works once even under a race.
    """
    row = (
        await session.execute(
            update(SingleUseToken)
            .where(
                SingleUseToken.token_digest == digest(token),
                SingleUseToken.purpose == purpose.value,
                SingleUseToken.used_at.is_(None),
                SingleUseToken.expires_at > now,
            )
            .values(used_at=now)
            .returning(SingleUseToken.user_id, SingleUseToken.new_email)
        )
    ).first()
    if row is None:
        raise InvalidLink()
    return Redeemed(row.user_id, row.new_email)


async def retire_all(session: AsyncSession, now: datetime, user_id: UUID, purpose: Purpose) -> None:
    """Use up every outstanding token of a kind: a newer link or a done reset supersedes them."""
    await session.execute(
        update(SingleUseToken)
        .where(
            SingleUseToken.user_id == user_id,
            SingleUseToken.purpose == purpose.value,
            SingleUseToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
