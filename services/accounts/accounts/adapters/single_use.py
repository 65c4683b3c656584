"""Issuing and redeeming single-use link tokens (R-A2, R-A3, R-A5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select, update

from accounts.adapters.tables import SingleUseToken
from accounts.domain.links import Purpose, digest, new_token
from chassis.unit_of_work import UnitOfWork

INVALID_LINK = "this link is invalid or has expired"


class InvalidLink(Exception):
    """Unknown, used, expired or meant for something else: one message for all (R-A3)."""

    def __init__(self) -> None:
        super().__init__(INVALID_LINK)


@dataclass(frozen=True)
class Issued:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Redeemed:
    user_id: UUID
    new_email: str | None


async def issue(
    uow: UnitOfWork,
    user_id: UUID,
    purpose: Purpose,
    lifetime: timedelta,
    *,
    new_email: str | None = None,
) -> Issued:
    """Store a new token's digest; the token itself only ever goes into the emailed link."""
    await uow.session.flush()  # the user may be new in this unit of work: insert it first
    token = new_token()
    now = uow.clock.now()
    uow.session.add(
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


async def check(uow: UnitOfWork, token: str, purpose: Purpose) -> None:
    """InvalidLink unless the token could be redeemed now; changes nothing.

    Lets a caller refuse a bad link before costly work (hashing a password)."""
    found = await uow.session.scalar(
        select(SingleUseToken.token_digest).where(
            SingleUseToken.token_digest == digest(token),
            SingleUseToken.purpose == purpose.value,
            SingleUseToken.used_at.is_(None),
            SingleUseToken.expires_at > uow.clock.now(),
        )
    )
    if found is None:
        raise InvalidLink()


async def redeem(uow: UnitOfWork, token: str, purpose: Purpose) -> Redeemed:
    """Mark the token used and say whose it is; InvalidLink if it cannot be used.

    One conditional UPDATE: of two concurrent uses of the same link, only one
    finds it unused, so a link works once even under a race.
    """
    now = uow.clock.now()
    row = (
        await uow.session.execute(
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


async def retire_all(uow: UnitOfWork, user_id: UUID, purpose: Purpose) -> None:
    """Use up every outstanding token of a kind: a newer link or a done reset supersedes them."""
    await uow.session.execute(
        update(SingleUseToken)
        .where(
            SingleUseToken.user_id == user_id,
            SingleUseToken.purpose == purpose.value,
            SingleUseToken.used_at.is_(None),
        )
        .values(used_at=uow.clock.now())
    )
