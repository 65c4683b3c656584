"""A broker given several nodes: connects to one that answers, reconnects to the next.

Two proxies in front of the one test broker stand for two nodes of a cluster (the
real three-node cluster is tests/cluster/).
"""

from __future__ import annotations

import asyncio

import pytest
from yarl import URL

from chassis.messaging import BrokerSupervisor, connect_to_any, make_broker
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


async def test_a_node_that_takes_the_socket_but_never_answers_is_given_up_for_the_next(
    rabbitmq_url,
):
    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # a hung node: accepts, reads, never answers

    silent = await asyncio.start_server(hold, "127.0.0.1", 0)
    hung = str(URL(rabbitmq_url).with_port(silent.sockets[0].getsockname()[1]))
    broker = make_broker(
        [hung, rabbitmq_url], service="tests", reconnect_seconds=0.1, connect_timeout_seconds=1
    )
    supervisor = BrokerSupervisor(broker, [], retry_seconds=0.1)
    try:
        await asyncio.wait_for(supervisor.run(), timeout=10)
        assert await broker.ping(timeout=2)
    finally:
        await broker.stop()
        silent.close()
