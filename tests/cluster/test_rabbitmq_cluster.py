"""Services on the three-node RabbitMQ cluster of `python -m testkit.cluster up`.

Every consumer queue is a quorum queue with a member on each node, and a service
given the three nodes' URLs keeps publishing and consuming when the node it is
connected to stops. Each test leaves the three nodes running, as it found them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence

import pytest
from sqlalchemy import func, select

from accounts.service import DEFINITION as ACCOUNTS
from contracts import QUEUES
from notifications.adapters.tables import Message
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit import cluster
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.cluster, pytest.mark.postgres]

NODE_OF_PORT = {node.amqp_port: node for node in cluster.NODES}


def person(n: int) -> dict[str, str]:
    return {
        "email": f"clustered{n}@example.be",
        "password": "correct horse battery",
        "full_name": f"Clustered {n}",
    }


async def welcome_count(runtime) -> int:
    async with runtime.db.session() as session:
        return await session.scalar(
            select(func.count()).select_from(Message).where(Message.template == "welcome")
        )


async def ctl(node: cluster.RabbitNode, *args: str) -> str:
    """rabbitmqctl off the event loop: the services' heartbeats keep going meanwhile."""
    return await asyncio.to_thread(cluster.rabbitmqctl, node, *args)


async def nodes_serving(service: str, asking: cluster.RabbitNode) -> set[cluster.RabbitNode]:
    """The nodes holding the AMQP connections of `service`, as `asking` lists them."""
    listed = json.loads(
        await ctl(asking, "list_connections", "port", "client_properties", "--formatter", "json")
    )
    name = ["connection_name", "longstr", service]
    return {NODE_OF_PORT[c["port"]] for c in listed if name in c["client_properties"]}


@pytest.fixture
async def all_nodes_running() -> AsyncIterator[None]:
    """Whatever a test stops, the three nodes run again after it (`up` restarts them)."""
    yield
    await asyncio.to_thread(cluster.up)


async def test_every_consumer_queue_a_service_declares_has_a_member_on_each_node(
    cluster_rabbitmq_urls: Sequence[str], fresh_database, settings_for
):
    await reset_queues(cluster_rabbitmq_urls[0])
    settings = settings_for(
        "notifications", await fresh_database(), rabbitmq_url=",".join(cluster_rabbitmq_urls)
    )
    async with running_service(NOTIFICATIONS, settings) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the topology declared")
    listed = json.loads(
        await ctl(cluster.SEED, "list_queues", "name", "type", "members", "--formatter", "json")
    )
    queues = {q["name"]: q for q in listed}
    everywhere = sorted(node.node for node in cluster.NODES)
    for queue in QUEUES:
        for name in (queue.name, queue.dead_letter_queue):
            assert queues[name]["type"] == "quorum", name
            assert sorted(queues[name]["members"]) == everywhere, name


async def test_a_service_keeps_publishing_and_consuming_when_its_node_stops(
    cluster_rabbitmq_urls: Sequence[str], fresh_database, settings_for, all_nodes_running
):
    await reset_queues(cluster_rabbitmq_urls[0])
    broker = ",".join(cluster_rabbitmq_urls)
    async with (
        running_service(
            NOTIFICATIONS,
            settings_for("notifications", await fresh_database(), rabbitmq_url=broker),
        ) as notifications,
        running_service(
            ACCOUNTS, settings_for("accounts", await fresh_database(), rabbitmq_url=broker)
        ) as accounts,
    ):
        answer = await accounts.client.post("/register", json=person(1))
        assert answer.status_code == 201, answer.text

        def welcomed(count: int):
            async def check() -> bool:
                return await welcome_count(notifications.runtime) == count

            return check

        await wait_until(welcomed(1), message="the first welcome")
        [node] = await nodes_serving("accounts", cluster.SEED)
        assert await nodes_serving("notifications", cluster.SEED) == {node}
        others = [n for n in cluster.NODES if n != node]

        await asyncio.to_thread(cluster.stop_app, node)
        answer = await accounts.client.post("/register", json=person(2))
        assert answer.status_code == 201, answer.text
        await wait_until(welcomed(2), timeout=30, message="the welcome with a node down")
        # the relay publishes on its own connection ("accounts publisher"), which had to
        # move for the welcome to come; the consumers' may still be reconnecting
        [publishing] = await nodes_serving("accounts publisher", others[0])
        [consuming] = await nodes_serving("notifications", others[0])
        assert publishing in others
        assert consuming in others

        await asyncio.to_thread(cluster.start_app, node)
        answer = await accounts.client.post("/register", json=person(3))
        assert answer.status_code == 201, answer.text
        await wait_until(welcomed(3), message="the welcome with the node back")
        assert await welcome_count(notifications.runtime) == 3
