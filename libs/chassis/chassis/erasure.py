"""Erasure on request (GDPR art. 17, issue 18): the copies the chassis's own tables hold.

A service erasing a person rewrites its own rows; the person's name and email
may also sit in the bodies of events it published (`outbox`) and in answers
kept for a retried POST (`idempotency_keys`). `forget_mentions` deletes the
rows of either that mention them: a published outbox row is never read again,
and a stored answer only replays a POST. A row not yet published cannot be
deleted (its event must still be delivered): it is counted, and the outbox's
retention deletes it once published. The inbox holds no payload.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.tables import DeliveryTables


@dataclass(frozen=True)
class Forgotten:
    published_events: int
    """Published outbox rows deleted because they mention the person."""
    pending_events: int
    """Outbox rows mentioning the person still waiting to be published."""
    stored_answers: int
    """Idempotency records deleted because their answer mentions the person."""


async def forget_mentions(
    session: AsyncSession, delivery: DeliveryTables, needles: Sequence[str]
) -> Forgotten:
    """Delete the published outbox rows and stored answers that mention any of `needles`
    (an email, a name), in the session's transaction."""
    needles = [n for n in {n.strip() for n in needles} if len(n) >= 3]
    if not needles:
        return Forgotten(0, 0, 0)
    outbox = delivery.outbox
    # As JSON writes them (an accent or a quote escaped), and as typed, lower-cased.
    forms = {form for n in needles for form in (n, json.dumps(n)[1:-1])}
    mentions = or_(
        *(func.lower(outbox.c.body).contains(form.lower(), autoescape=True) for form in forms)
    )
    published = await session.execute(
        delete(outbox).where(outbox.c.published_at.is_not(None), mentions)
    )
    pending = await session.scalar(
        select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None), mentions)
    )
    answers = delivery.idempotency
    stored = (
        await session.execute(
            select(answers.c.principal, answers.c.key, answers.c.response_body).where(
                answers.c.response_body.is_not(None)
            )
        )
    ).all()
    encoded = [form.lower().encode() for form in forms]
    mentioning = [
        (row.principal, row.key)
        for row in stored
        if any(needle in bytes(row.response_body).lower() for needle in encoded)
    ]
    if mentioning:
        await session.execute(
            delete(answers).where(tuple_(answers.c.principal, answers.c.key).in_(mentioning))
        )
    return Forgotten(
        published_events=published.rowcount or 0,  # type: ignore[attr-defined]
        pending_events=int(pending or 0),
        stored_answers=len(mentioning),
    )
