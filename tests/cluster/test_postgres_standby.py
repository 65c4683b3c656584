"""The PostgreSQL primary and its synchronous standby of `python -m testkit.cluster up`.

A commit on the primary is on the standby when it is answered, and a service given
the multi-host URL (`target_session_attrs=read-write`) writes again a few seconds
after the primary stopped and the standby was promoted. Each test leaves the pair
as it found it: a promoted standby is cloned again from the old primary (`up`).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from accounts.service import DEFINITION as ACCOUNTS
from chassis.inprocess import InProcessBus
from testkit import cluster
from testkit.services import running_service

pytestmark = [pytest.mark.cluster]

WRITABLE_AGAIN_WITHIN_SECONDS = 10.0


def person(n: int) -> dict[str, str]:
    return {
        "email": f"promoted{n}@example.be",
        "password": "correct horse battery",
        "full_name": f"Promoted {n}",
    }


@pytest.fixture
async def cluster_database(cluster_database_url: str) -> AsyncIterator[str]:
    """A new database on the pair; its multi-host URL. Dropped afterwards, wherever the
    primary is then."""
    name = f"test_{uuid.uuid4().hex}"
    admin = await asyncpg.connect(cluster_database_url)
    try:
        # Applied on the standby before the commit is answered: connectable there at once.
        await admin.execute("SET synchronous_commit = remote_apply")
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield urlunsplit(urlsplit(cluster_database_url)._replace(path=f"/{name}"))
    admin = await asyncpg.connect(cluster_database_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def test_a_write_committed_on_the_primary_is_on_the_standby(cluster_database: str):
    database = urlsplit(cluster_database).path.lstrip("/")
    primary = await asyncpg.connect(cluster.PRIMARY.url(database))
    standby = await asyncpg.connect(cluster.STANDBY.url(database))
    try:
        replicas = await primary.fetch(
            "SELECT application_name, sync_state FROM pg_stat_replication"
        )
        assert [tuple(r) for r in replicas] == [(cluster.STANDBY_NAME, "sync")]
        assert await standby.fetchval("SELECT pg_is_in_recovery()")

        # remote_apply: the commit returns once the standby has replayed it, not only
        # flushed it (synchronous_commit = on, the pair's setting), so it is readable there.
        await primary.execute("SET synchronous_commit = remote_apply")
        await primary.execute("CREATE TABLE ledger (id int PRIMARY KEY, note text)")
        await primary.execute("INSERT INTO ledger VALUES (1, 'committed on the primary')")
        assert await standby.fetchval("SELECT note FROM ledger WHERE id = 1") == (
            "committed on the primary"
        )
    finally:
        await primary.close()
        await standby.close()


async def test_a_service_writes_again_within_seconds_of_the_standbys_promotion(
    cluster_database: str, settings_for
):
    settings = settings_for("accounts", cluster_database)
    try:
        async with running_service(ACCOUNTS, settings, bus=InProcessBus()) as accounts:
            answer = await accounts.client.post("/register", json=person(1))
            assert answer.status_code == 201, answer.text

            await asyncio.to_thread(cluster.pg_ctlcluster, cluster.PRIMARY, "stop", "-m", "fast")
            await asyncio.to_thread(cluster.pg_ctlcluster, cluster.STANDBY, "promote")
            promoted = time.monotonic()
            answers = []
            while time.monotonic() - promoted < WRITABLE_AGAIN_WITHIN_SECONDS:
                answer = await accounts.client.post("/register", json=person(2))
                answers.append(answer.status_code)
                if answer.status_code == 201:
                    break
                assert answer.status_code == 503, answer.text  # refused, never half-done
                await asyncio.sleep(0.2)
            assert answers[-1] == 201, f"not writable again within the limit: {answers}"
            print(f"writable {time.monotonic() - promoted:.1f}s after the promotion: {answers}")

            # The account registered before the promotion was on the standby: it is kept.
            again = await accounts.client.post("/register", json=person(1))
            assert again.status_code == 409, again.text
        server = await asyncpg.connect(cluster_database)
        try:
            assert await server.fetchval("SELECT inet_server_port()") == cluster.STANDBY.port
        finally:
            await server.close()
    finally:
        # Back as found: the old primary started, the promoted standby cloned from it.
        await asyncio.to_thread(cluster.up)
