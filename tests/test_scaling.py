"""Two replicas of every service, as separate processes, on the real RabbitMQ and PostgreSQL.

Each service runs twice (`python -m <service> serve`, settings from the
environment, both replicas on the service's one database), as two pods of a
Deployment would. Users register through accounts A and B alternately, and:

- every registration's welcome is recorded exactly once, across both
  notifications replicas (competing consumers on one quorum queue, and both get
  some of the work);
- every outbox row is published exactly once across both accounts relays
  (`FOR UPDATE SKIP LOCKED`): their confirmed publications add up to the number
  of rows, and each row was marked once;
- every consumer queue of every service has two consumers, one per replica.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter

import aio_pika
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from chassis.migrations import upgrade
from contracts import QUEUES, topology
from devstack.__main__ import SERVICES
from testkit.processes import ServiceProcess
from testkit.services import reset_queues, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.timeout(300)]

REPLICAS = 2
USERS = 12


async def scalar(url: str, query: str, **parameters: object) -> object:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(query), parameters)).scalar()
    finally:
        await engine.dispose()


async def rows(url: str, query: str) -> list:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(query))).all())
    finally:
        await engine.dispose()


async def consumer_counts(url: str, names: list[str]) -> dict[str, int]:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        counts = {}
        for name in names:
            declared = await channel.declare_queue(name, passive=True)
            counts[name] = declared.declaration_result.consumer_count or 0
        return counts


async def test_two_replicas_of_each_service_compete_and_every_effect_happens_once(
    rabbitmq_url, fresh_database, token_keys, link_sealing_key, tmp_path
):
    await reset_queues(rabbitmq_url)
    private, public = token_keys
    databases = {d.name: await fresh_database() for d in SERVICES}
    for definition in SERVICES:  # once per service, as the migration Job does
        await asyncio.to_thread(upgrade, definition.migrations, databases[definition.name])
    common = {
        **os.environ,
        "RABBITMQ_URL": rabbitmq_url,
        "JWT_PUBLIC_KEY": public,
        "ACCOUNTS_JWT_PRIVATE_KEY": private,
        "ACCOUNTS_LINK_SEALING_KEYS": link_sealing_key,
        "NOTIFICATIONS_LINK_SEALING_KEYS": link_sealing_key,
        "LOG_FORMAT": "json",
        "OUTBOX_POLL_SECONDS": "0.2",
        "BROKER_RECONNECT_SECONDS": "0.2",
        "RETRY_BACKOFF_SECONDS": "0.01",
        "GRACEFUL_TIMEOUT_SECONDS": "5",
    }
    replicas: list[ServiceProcess] = []
    try:
        for definition in SERVICES:
            env = {
                **common,
                "DATABASE_URL": databases[definition.name],
                "DATA_DIR": str(tmp_path / definition.name),
            }
            replicas += [
                ServiceProcess(definition.name, i, env, tmp_path) for i in range(1, REPLICAS + 1)
            ]
        async with httpx.AsyncClient() as client:
            started = time.monotonic()
            for replica in replicas:
                await wait_until(
                    lambda r=replica: r.ready(client), timeout=90, message=f"{replica} ready"
                )
            print(f"{len(replicas)} replicas ready in {time.monotonic() - started:.1f}s")

            # Every consumer queue of every service: one consumer per replica.
            own_queues = [c.queue.name for d in SERVICES for c in d.consumers]
            assert set(own_queues) <= {q.name for q in QUEUES}
            counts = await consumer_counts(rabbitmq_url, own_queues)
            assert counts == dict.fromkeys(own_queues, REPLICAS)

            accounts = [r for r in replicas if r.service == "accounts"]
            notifications = [r for r in replicas if r.service == "notifications"]
            for n in range(USERS):
                answer = await client.post(
                    f"{accounts[n % REPLICAS].url}/register",
                    json={
                        "email": f"replica{n}@example.be",
                        "password": "correct horse battery",
                        "full_name": f"Replica {n}",
                    },
                )
                assert answer.status_code == 201, answer.text

            notifications_db = databases["notifications"]

            async def all_welcomed() -> bool:
                count = await scalar(
                    notifications_db, "SELECT count(*) FROM messages WHERE template = 'welcome'"
                )
                return count == USERS

            await wait_until(all_welcomed, timeout=60, message=f"{USERS} welcomes")
            print(f"{USERS} registered and welcomed at {time.monotonic() - started:.1f}s")
            await asyncio.sleep(1.0)  # a duplicate, if any, would land now

            # Each registration's effect once: one welcome per address, one inbox row each.
            welcomed = await rows(
                notifications_db,
                "SELECT recipient_email, count(*) FROM messages WHERE template = 'welcome' "
                "GROUP BY recipient_email",
            )
            assert len(welcomed) == USERS
            assert {count for _, count in welcomed} == {1}
            inbox = await scalar(
                notifications_db,
                "SELECT count(*) FROM inbox WHERE consumer = :consumer",
                consumer=topology.NOTIFICATIONS_WELCOME_V2.name,
            )
            assert inbox == USERS

            # Competing consumers: both notifications replicas took part, none twice.
            queue = topology.NOTIFICATIONS_WELCOME_V2.name
            consumed = [
                await r.metric(client, "messages_consumed_total", queue=queue)
                for r in notifications
            ]
            assert sum(consumed) == USERS, consumed
            assert all(c > 0 for c in consumed), f"one replica did all the work: {consumed}"

            # The outbox relayed once: every row published and marked once, and the
            # relays' confirmed publications add up to the number of rows.
            outbox = await rows(
                databases["accounts"],
                "SELECT name, published_at IS NOT NULL, attempts FROM outbox",
            )
            registered = [r for r in outbox if r[0] == "accounts.user.registered.v2"]
            assert len(registered) == USERS
            assert Counter((r[1], r[2]) for r in outbox) == Counter({(True, 1): len(outbox)})
            published = [
                await r.metric(client, "outbox_published_messages_total") for r in accounts
            ]
            assert sum(published) == len(outbox), published
    finally:
        for replica in replicas:  # all at once, then wait: a rolling stop takes longer
            replica.terminate()
        for replica in replicas:
            replica.stop()
        await reset_queues(rabbitmq_url)
    for replica in replicas:
        log = replica.log.read_text()
        assert '"duplicate event skipped"' not in log, f"{replica} saw a duplicate"
        assert replica.process.returncode in (0, -signal.SIGTERM), f"{replica}:\n{log[-2000:]}"
