"""The operator's command line, run as an operator would: `python -m <service> ...`.

- `dead-letters list` shows what died and why, and leaves it there;
- `dead-letters replay` sends it back to the events exchange under its original
  routing key and removes it only once the broker confirmed the copy: an
  unroutable copy is refused, and the dead letter stays;
- `outbox` shows the backlog.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest
from sqlalchemy import func, select

from billing.adapters.tables import delivery as billing_delivery
from chassis.clock import SystemClock
from chassis.consumers import Consumer
from chassis.db import Database
from chassis.migrations import upgrade
from chassis.service import ServiceDefinition
from chassis.settings import ServiceSettings
from chassis.unit_of_work import UnitOfWork
from contracts import DEAD_LETTER_EXCHANGE, EXCHANGE, QUEUES, ConsumerQueue, Envelope
from contracts.accounts import UserRegisteredV1
from notifications.adapters.tables import Message, delivery, metadata
from notifications.handlers.recording import welcome_new_user
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

REPLAYED = ConsumerQueue(name="tests.operator-replay", event=UserRegisteredV1, delivery_limit=2)


def registered(n: int) -> bytes:
    event = UserRegisteredV1(
        user_id=uuid.uuid4(),
        email=f"dead{n}@example.be",
        full_name=f"Dead {n}",
        account_kind="individual",
    )
    envelope = Envelope.wrap(
        event, producer="tests", occurred_at=datetime.now(UTC), correlation_id=f"ops-{n}"
    )
    return envelope.model_dump_json().encode()


async def publish(url: str, exchange_name: str, routing_key: str, messages) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(exchange_name)
        for message in messages:
            await exchange.publish(message, routing_key=routing_key, mandatory=True)


async def depth(url: str, queue: str) -> int:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return declared.declaration_result.message_count or 0


async def run(service: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", service, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def welcomes(runtime) -> int:
    async with runtime.db.session() as session:
        return await session.scalar(
            select(func.count()).select_from(Message).where(Message.template == "welcome")
        )


async def test_dead_letters_are_listed_then_replayed_once_the_cause_is_fixed(
    rabbitmq_url, fresh_database, settings_for, tmp_path
):
    await reset_queues(rabbitmq_url, (*QUEUES, REPLAYED))
    broken = {"now": True}

    async def welcome_unless_broken(event: UserRegisteredV1, uow) -> None:
        if broken["now"]:
            raise RuntimeError("the mail template is missing")
        await welcome_new_user(event, uow)

    definition = ServiceDefinition(
        name="notifications",
        title="replay test",
        metadata=metadata,
        delivery=delivery,
        migrations="notifications:migrations",
        consumers=[Consumer(REPLAYED, welcome_unless_broken)],
    )
    env = {"RABBITMQ_URL": rabbitmq_url, "DATA_DIR": str(tmp_path), "LOG_FORMAT": "json"}
    dead_letter_queue = REPLAYED.dead_letter_queue
    try:
        async with running_service(
            definition, settings_for("notifications", await fresh_database())
        ) as service:
            await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
            bodies = [registered(n) for n in range(3)]
            await publish(
                rabbitmq_url,
                EXCHANGE,
                UserRegisteredV1.name,
                [aio_pika.Message(b, message_id=f"id-{n}") for n, b in enumerate(bodies)],
            )

            async def all_dead() -> bool:
                return await depth(rabbitmq_url, dead_letter_queue) == 3

            await wait_until(all_dead, message="three dead letters")

            listed = await run(
                "notifications", "dead-letters", "list", "--queue", REPLAYED.name, "--json", env=env
            )
            assert listed.returncode == 0, listed.stderr[-2000:]
            header, *letters = [json.loads(line) for line in listed.stdout.splitlines()]
            assert header == {"queue": dead_letter_queue, "messages": 3, "shown": 3}
            # concurrent retries may dead-letter them in any order: all three, once each
            assert sorted(x["message_id"] for x in letters) == ["id-0", "id-1", "id-2"]
            for letter in letters:
                assert letter["reason"] == "RuntimeError: the mail template is missing"
                assert letter["attempts"] == REPLAYED.delivery_limit
                assert letter["event_name"] == letter["routing_key"] == UserRegisteredV1.name
            assert await depth(rabbitmq_url, dead_letter_queue) == 3, "list must not remove"
            assert await welcomes(service.runtime) == 0

            broken["now"] = False
            first = await run(
                "notifications", "dead-letters", "replay", "--queue", REPLAYED.name,
                "--limit", "2", env=env,
            )  # fmt: skip
            assert first.returncode == 0, first.stderr[-2000:]
            assert "2 message(s) replayed" in first.stdout
            assert await depth(rabbitmq_url, dead_letter_queue) == 1

            async def welcomed(count: int) -> bool:
                return await welcomes(service.runtime) == count

            await wait_until(lambda: welcomed(2), message="two replayed welcomes")
            rest = await run(
                "notifications", "dead-letters", "replay", "--queue", REPLAYED.name, env=env
            )
            assert rest.returncode == 0, rest.stderr[-2000:]
            await wait_until(lambda: welcomed(3), message="the third replayed welcome")
            assert await depth(rabbitmq_url, dead_letter_queue) == 0
            await asyncio.sleep(0.5)
            assert await welcomes(service.runtime) == 3, "each dead letter replayed once"

        # A copy the broker cannot route is not confirmed: the dead letter stays.
        await publish(
            rabbitmq_url,
            DEAD_LETTER_EXCHANGE,
            REPLAYED.name,
            [aio_pika.Message(b"not an envelope", headers={"x-event-name": "nobody.listens.v1"})],
        )
        refused = await run(
            "notifications", "dead-letters", "replay", "--queue", REPLAYED.name, env=env
        )
        assert refused.returncode == 1
        assert "left in the queue" in refused.stderr
        assert await depth(rabbitmq_url, dead_letter_queue) == 1

        unknown = await run(
            "notifications", "dead-letters", "list", "--queue", "no.such.queue", env=env
        )
        assert unknown.returncode == 1
        assert "no such queue" in unknown.stderr
    finally:
        await reset_queues(rabbitmq_url, (*QUEUES, REPLAYED))


async def test_the_outbox_command_shows_the_backlog(fresh_database, tmp_path):
    url = await fresh_database()
    await asyncio.to_thread(upgrade, "billing:migrations", url)
    db = Database(url)
    try:
        async with UnitOfWork(
            db.sessions, billing_delivery.outbox, producer="billing",
            clock=SystemClock(),
            settings=ServiceSettings(service_name="billing"),

        ) as uow:
            for n in range(2):
                uow.publish(
                    UserRegisteredV1(
                        user_id=uuid.uuid4(),
                        email=f"o{n}@example.be",
                        full_name="O",
                        account_kind="individual",
                    )
                )
            await uow.commit()
    finally:
        await db.dispose()
    env = {"DATABASE_URL": url, "DATA_DIR": str(tmp_path), "LOG_FORMAT": "json"}
    shown = await run("billing", "outbox", "--json", env=env)
    assert shown.returncode == 0, shown.stderr[-2000:]
    report = json.loads(shown.stdout)
    assert report["pending"] == 2
    assert report["by_event"] == {UserRegisteredV1.name: 2}
    assert [row["attempts"] for row in report["oldest"]] == [0, 0]
    assert report["oldest_age_seconds"] >= 0
    text = await run("billing", "outbox", env=env)
    assert "billing outbox: 2 pending" in text.stdout


async def test_the_retention_command_deletes_what_the_windows_passed(fresh_database, tmp_path):
    """Published outbox rows older than 7 days and inbox rows older than 30 go, the
    pending outbox row stays whatever its age, and the inbox's horizon is recorded."""
    url = await fresh_database()
    await asyncio.to_thread(upgrade, "billing:migrations", url)
    now = datetime.now(UTC)
    outbox, inbox = billing_delivery.outbox, billing_delivery.inbox
    db = Database(url)
    try:
        async with db.session() as session, session.begin():
            for age_days, published in ((10, True), (10, True), (10, False), (1, True)):
                at = now - timedelta(days=age_days)
                await session.execute(
                    outbox.insert().values(
                        event_id=uuid.uuid4(), name="x.v1", body="{}", correlation_id="c",
                        created_at=at, published_at=at if published else None,
                    )
                )  # fmt: skip
            for age_days in (40, 40, 1):
                await session.execute(
                    inbox.insert().values(
                        event_id=uuid.uuid4(), consumer="billing.q", event_name="x.v1",
                        processed_at=now - timedelta(days=age_days),
                    )
                )  # fmt: skip
        env = {"DATABASE_URL": url, "DATA_DIR": str(tmp_path), "LOG_FORMAT": "json"}
        dry = await run("billing", "retention", "--dry-run", "--json", env=env)
        assert dry.returncode == 0, dry.stderr[-2000:]
        counted = json.loads(dry.stdout)["rows"]
        assert counted["outbox"]["older than the window"] == 2
        assert counted["inbox"]["older than the window"] == 2
        done = await run("billing", "retention", "--json", env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        deleted = json.loads(done.stdout)["rows"]
        assert (deleted["outbox"]["deleted"], deleted["inbox"]["deleted"]) == (2, 2)
        async with db.session() as session:
            left = (await session.execute(select(outbox.c.published_at))).scalars().all()
            assert len(left) == 2
            assert sum(p is None for p in left) == 1
            assert await session.scalar(select(func.count()).select_from(inbox)) == 1
            horizon = billing_delivery.inbox_horizon
            pruned_before = await session.scalar(
                select(horizon.c.pruned_before).where(horizon.c.consumer == "billing.q")
            )
        assert now - timedelta(days=31) < pruned_before < now - timedelta(days=29)
        again = await run("billing", "retention", env=env)
        assert "billing outbox: 0 row(s) deleted" in again.stdout
    finally:
        await db.dispose()
