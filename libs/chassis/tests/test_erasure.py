"""chassis.erasure on PostgreSQL: the published events and stored answers that mention an
erased person go; what waits to be published, and what mentions others, stays."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import MetaData, select

from chassis.db import Database
from chassis.erasure import forget_mentions
from chassis.tables import delivery_tables

pytestmark = [pytest.mark.postgres]
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


async def test_mentions_of_an_erased_person_are_forgotten(fresh_database):
    metadata = MetaData()
    delivery = delivery_tables(metadata)
    db = Database(await fresh_database())
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    outbox, answers = delivery.outbox, delivery.idempotency

    def body(email: str, name: str) -> str:
        return json.dumps({"payload": {"email": email, "full_name": name}})

    rows = {
        "published, hers": (body("zoe_x@example.be", "Zoë Quist"), NOW),
        "published, by name": (body("other@example.be", "Zoë Quist"), NOW),
        "pending, hers": (body("ZOE_X@example.be", "Z"), None),
        "published, someone else": (body("zoeyx@example.be", "Zed"), NOW),
    }
    try:
        async with db.session() as session, session.begin():
            for label, (text, published_at) in rows.items():
                await session.execute(
                    outbox.insert().values(
                        event_id=uuid4(), name=label, body=text, correlation_id="c",
                        created_at=NOW, published_at=published_at,
                    )
                )  # fmt: skip
            for key, answer in (("hers", b'{"email":"zoe_x@example.be"}'), ("other", b"{}")):
                await session.execute(
                    answers.insert().values(
                        principal="p", key=key, request_hash="h", state="done", status_code=201,
                        response_body=answer, created_at=NOW, lease_until=NOW,
                    )
                )  # fmt: skip
        async with db.session() as session, session.begin():
            forgotten = await forget_mentions(session, delivery, ["zoe_x@example.be", "Zoë Quist"])
        assert (forgotten.published_events, forgotten.pending_events) == (2, 1)
        assert forgotten.stored_answers == 1
        async with db.session() as session:
            left = sorted(await session.scalars(select(outbox.c.name)))
            keys = sorted(await session.scalars(select(answers.c.key)))
        assert left == ["pending, hers", "published, someone else"]  # "_" is no wildcard
        assert keys == ["other"]
    finally:
        await db.dispose()
