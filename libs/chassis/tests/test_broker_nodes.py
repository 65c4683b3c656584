"""A broker given several nodes: connects to one that answers, reconnects to the next.

Two proxies in front of the one test broker stand for two nodes of a cluster (the
real three-node cluster is tests/cluster/).
"""

from __future__ import annotations

import pytest
from yarl import URL

from chassis.messaging import connect_to_any, make_broker
from testkit.processes import free_port
from testkit.proxy import TcpProxy
from testkit.services import wait_until

pytestmark = pytest.mark.broker


async def test_a_node_that_refuses_is_passed_over(rabbitmq_url):
    nobody = str(URL(rabbitmq_url).with_port(free_port()))
    broker = make_broker([nobody, rabbitmq_url], service="tests", reconnect_seconds=0.1)
    try:
        await broker.connect()
        assert await broker.ping(timeout=2)
    finally:
        await broker.stop()


async def test_a_connection_cut_by_its_node_reconnects_to_the_next_node(rabbitmq_url):
    target = URL(rabbitmq_url)
    nodes = [TcpProxy(target.host or "127.0.0.1", target.port or 5672) for _ in range(2)]
    for node in nodes:
        await node.start()
    broker = make_broker(
        [node.url(rabbitmq_url) for node in nodes], service="tests", reconnect_seconds=0.1
    )
    factory = broker._connection_kwargs["connection_class"].keywords["nodes"]
    try:
        await broker.connect()
        assert factory.reached == f"127.0.0.1:{nodes[0].port}"
        nodes[0].cut()  # stays cut: only the second node can take the connection

        async def reconnected() -> bool:
            return factory.reached == f"127.0.0.1:{nodes[1].port}" and await broker.ping(1)

        await wait_until(reconnected, timeout=10, message="the connection on the second node")
    finally:
        await broker.stop()
        for node in nodes:
            await node.close()


async def test_an_operator_command_connects_through_the_first_node_that_answers(rabbitmq_url):
    nobody = str(URL(rabbitmq_url).with_port(free_port()))
    connection = await connect_to_any([nobody, rabbitmq_url])
    async with connection:
        assert not connection.is_closed
