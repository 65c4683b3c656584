"""Two running instances of incompany on one PostgreSQL database and the real broker:
their deadline scans run at the same time and still no deadline fires twice, in the
outbox or on the bus (R-I6, R-I9, R-I10, R-I12, R-I15 fired exactly once)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import timedelta

import aio_pika
import pytest
from sqlalchemy import select

from contracts import EXCHANGE
from incompany.adapters.tables import Deadline
from testkit.services import reset_queues, wait_until

DEADLINE_EVENTS = {
    "incompany.group.participant-reminder-due.v1",
    "incompany.group.definitively-confirmed.v1",
    "incompany.platform-link.issued.v1",
    "incompany.group.participant-list-missing.v1",
    "incompany.evaluation.invited.v1",
}
GROUPS, PEOPLE = 6, 3


def key(name: str, payload: dict) -> tuple[str, str, str]:
    """What must be unique: one event per deadline (kind, group, participant)."""
    participant = payload.get("participant", {}).get("participant_id", "")
    return name, payload["group"]["group_id"], participant


@pytest.mark.postgres
@pytest.mark.broker
async def test_two_instances_scanning_together_fire_each_deadline_once(
    start_incompany, fresh_database, rabbitmq_url
):
    database_url = await fresh_database()
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        # The test's own queue sees every incompany event, as a consumer would.
        seen = await channel.declare_queue(exclusive=True, auto_delete=True)
        await seen.bind(exchange, routing_key="incompany.#")
        received: list[tuple[str, dict]] = []

        async def collect(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            async with message.process():
                envelope = json.loads(message.body)
                received.append((envelope["event_id"], envelope))

        await seen.consume(collect)

        common = {
            "database_url": database_url,
            "rabbitmq_url": rabbitmq_url,
            "broker": True,
            "background": True,
            "deadline_poll_seconds": 0.01,
            "deadline_batch_size": 3,
            "outbox_poll_seconds": 0.1,
        }
        async with start_incompany(**common) as one, start_incompany(**common) as two:
            groups = []
            for number in range(GROUPS):
                company, group = await one.group(
                    None,
                    one.START + timedelta(days=number % 2),
                    one.END + timedelta(days=number % 2),
                )
                await one.approve_hr(company)
                if number % 3:  # every third group has no list at its cut-off (R-I15)
                    for serial in range(PEOPLE):
                        added = await one.add(company, group["id"], number * 10 + serial)
                        assert added.status_code == 201, added.text
                groups.append(group)

            # Jump through the deadlines; at each stop both instances scan at once,
            # by hand and with their background loops.
            for instant in (
                one.brussels(2027, 3, 28, 12, 0),  # reminders, confirmations
                one.brussels(2027, 3, 30, 12, 0),  # platform links
                one.brussels(2027, 4, 10, 12, 0),  # cut-offs
                one.brussels(2027, 4, 20, 12, 0),  # evaluation invitations
            ):
                one.clock.set(instant)
                await asyncio.gather(
                    *(instance.scan() for instance in (one, two, one, two, one, two))
                )

                async def all_settled(instant=instant) -> bool:
                    async with one.runtime.db.sessions() as session:
                        due = await session.scalar(
                            select(Deadline.id)
                            .where(Deadline.state == "scheduled", Deadline.due_at <= instant)
                            .limit(1)
                        )
                    return due is None

                # A pass ends at its batch size or at a group the other instance holds;
                # the background loops of both instances take the rest.
                await wait_until(all_settled, timeout=30, message="the due deadlines")

            outbox = one.runtime.delivery.outbox
            async with one.runtime.db.sessions() as session:
                rows = (await session.execute(select(outbox.c.name, outbox.c.body))).all()
            fired = [
                key(name, json.loads(body)["payload"])
                for name, body in rows
                if name in DEADLINE_EVENTS
            ]
            assert len(fired) == len(set(fired)), Counter(fired).most_common(3)
            with_list = sum(1 for n in range(GROUPS) if n % 3)
            expected = Counter(
                {
                    "incompany.group.participant-reminder-due.v1": GROUPS,
                    "incompany.group.definitively-confirmed.v1": GROUPS,
                    "incompany.platform-link.issued.v1": with_list * PEOPLE,
                    "incompany.group.participant-list-missing.v1": GROUPS - with_list,
                    "incompany.evaluation.invited.v1": with_list * PEOPLE,
                }
            )
            assert Counter(name for name, _, _ in fired) == expected

            async def all_published() -> bool:
                async with one.runtime.db.sessions() as session:
                    pending = await session.scalar(
                        select(outbox.c.id).where(outbox.c.published_at.is_(None)).limit(1)
                    )
                return pending is None and len(received) >= len(rows)

            await wait_until(all_published, timeout=30, message="every event on the bus")
        on_the_bus = [
            key(e["name"], e["payload"]) for _, e in received if e["name"] in DEADLINE_EVENTS
        ]
        assert len({event_id for event_id, _ in received}) == len(received)
        assert sorted(on_the_bus) == sorted(fired)
    # The consumer queues of the other services, declared by incompany on connect,
    # hold copies nobody reads in this test: leave the virtual host empty.
    await reset_queues(rabbitmq_url)
