"""RabbitMQ through FastStream: the broker, the exchanges, and the relay's publisher.

FastStream's defaults are changed on purpose: publisher confirms on, a
returned (unroutable) mandatory message raises instead of vanishing, messages
are persistent, and the broker is started in the background so a service
starts, and answers requests, while RabbitMQ is away.

On the consuming side FastStream's dependency injection is off
(`apply_types=False`): the chassis' one subscriber per queue takes the raw
message and does its own parsing, and injecting the message through
FastStream's `Context` ran a plain function in the thread pool for every
delivery. FastStream's own line per message ("Received", "Processed") is
logged at DEBUG: the consumer logs what matters (failures, dead letters).

A cluster's nodes are given as several URLs (`ServiceSettings.rabbitmq_urls`): every
(re)connect of the one robust connection tries them in turn (`ClusterNodes`).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Sequence
from functools import partial
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import AbstractConnection
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from aiormq.connection import TransportFactory
from aiormq.exceptions import AMQPConnectionError
from faststream.rabbit import Channel, ExchangeType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.schemas.queue import QueueType
from yarl import URL

from chassis.outbox import OutgoingMessage
from chassis.settings import BROKER_PUBLISH_TIMEOUT_SECONDS
from contracts import DEAD_LETTER_EXCHANGE, EXCHANGE, ConsumerQueue

log = structlog.get_logger("chassis.messaging")

EVENTS = RabbitExchange(EXCHANGE, type=ExchangeType.TOPIC, durable=True)
DEAD_LETTERS = RabbitExchange(DEAD_LETTER_EXCHANGE, type=ExchangeType.DIRECT, durable=True)
RETRIES = RabbitExchange("training.retry", type=ExchangeType.HEADERS, durable=True)
"""Where a failed message waits before its next attempt: each retry queue is bound by its
delay (`RETRY_DELAY_HEADER`), and dead-letters what expires to the default exchange with
the routing key it was published with, the consumer queue's name (chassis.consumers)."""
RETRY_DELAY_HEADER = "retry-delay"
"""Not `x-`: a headers exchange ignores `x-` headers when it matches."""
BROKER_HEADERS = frozenset(
    {
        "x-delivery-count",
        "x-acquired-count",
        "x-death",
        "x-first-death-exchange",
        "x-first-death-queue",
        "x-first-death-reason",
        "x-last-death-exchange",
        "x-last-death-queue",
        "x-last-death-reason",
        RETRY_DELAY_HEADER,
    }
)
"""What the broker (or a retry) put on a delivery; a republished copy starts without them."""
PUBLISH_TIMEOUT_SECONDS = BROKER_PUBLISH_TIMEOUT_SECONDS
NODE_CONNECT_TIMEOUT_SECONDS = 5.0
"""A node of a cluster that has not accepted the TCP connection by then is passed over."""
CONNECT_TIMEOUT_SECONDS = 15.0
"""Longest (re)connect, socket and AMQP handshake: a node that takes the socket but never
answers (hung, overloaded) is given up, and the next try goes to the next node."""


def make_broker(
    urls: Sequence[str],
    *,
    service: str,
    role: str = "",
    reconnect_seconds: float = 1.0,
    graceful_timeout_seconds: float = 15.0,
    connect_timeout_seconds: float = CONNECT_TIMEOUT_SECONDS,
) -> RabbitBroker:
    """The service's broker; with several URLs (a cluster's nodes) it reconnects to any.

    The connection is named after the service (RabbitMQ's `connection_name`, shown by
    `rabbitmqctl list_connections client_properties` and the management UI): aiormq
    takes it from the URL's `name` parameter, not from FastStream's client_properties.
    A `role` names a second connection of the same service ("enrollment publisher").
    """
    name = f"{service} {role}" if role else service
    broker = RabbitBroker(
        str(URL(urls[0]).update_query(name=name)),
        app_id=service,
        timeout=connect_timeout_seconds,
        reconnect_interval=reconnect_seconds,
        graceful_timeout=graceful_timeout_seconds,
        default_channel=Channel(publisher_confirms=True, on_return_raises=True),
        logger=structlog.get_logger("faststream"),
        log_level=logging.DEBUG,
        apply_types=False,
    )
    if len(urls) > 1:
        # FastStream hands its connection keywords to aio-pika's connect_robust as they
        # are, and has no public argument for the connection class.
        broker._connection_kwargs["connection_class"] = partial(
            ClusterConnection, nodes=ClusterNodes(urls)
        )
    return broker


class ClusterNodes(TransportFactory):
    """Opens the socket of an AMQP connection to the first node of a cluster that answers.

    aio-pika's robust connection restores its channels and consumers after a cut, but
    reconnects to its one URL. With this factory each (re)connect tries the nodes in
    the order given, starting after the node last reached: a connection its node closed
    (stopped, or paused in a minority) goes to the next node instead of waiting for that
    one, and a node that takes the socket but fails the handshake (still booting) is
    not tried first again. The user, password and virtual host are the first URL's: a
    cluster's nodes share them (`chassis.settings.broker_urls` checks it).
    """

    def __init__(self, urls: Sequence[str]) -> None:
        parsed = [URL(url) for url in urls]
        self._tls = parsed[0].scheme == "amqps"
        default_port = 5671 if self._tls else 5672
        self._nodes = [(u.host or "127.0.0.1", u.explicit_port or default_port) for u in parsed]
        self._next = 0
        self.reached: str | None = None
        """`host:port` of the node of the current connection, for logs and tests."""

    async def create(
        self, url: URL, **kwargs: Any
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        provider = kwargs.pop("ssl_context_provider", None)
        context: ssl.SSLContext | None = (
            await provider.get_context() if self._tls and provider is not None else None
        )
        failures = []
        for step in range(len(self._nodes)):
            index = (self._next + step) % len(self._nodes)
            host, port = self._nodes[index]
            try:
                streams = await asyncio.wait_for(
                    asyncio.open_connection(host, port, ssl=context, **kwargs),
                    NODE_CONNECT_TIMEOUT_SECONDS,
                )
            except (OSError, TimeoutError) as error:
                failures.append(f"{host}:{port} {error!r}")
                continue
            self._next = (index + 1) % len(self._nodes)
            self.reached = f"{host}:{port}"
            log.info("broker node reached", node=self.reached)
            return streams
        raise AMQPConnectionError(f"no broker node answered: {'; '.join(failures)}")


class ClusterConnection(aio_pika.RobustConnection):
    """aio-pika's robust connection, its socket opened by `ClusterNodes`."""

    def __init__(self, url: URL, loop: Any = None, *, nodes: ClusterNodes, **kwargs: Any) -> None:
        super().__init__(url, loop, **kwargs)
        self.kwargs["transport_factory"] = nodes  # down to aiormq.Connection


async def connect_to_any(urls: Sequence[str]) -> AbstractConnection:
    """A plain connection to the first of `urls` that takes one (operator commands)."""
    for url in urls[:-1]:
        try:
            return await aio_pika.connect(url, timeout=NODE_CONNECT_TIMEOUT_SECONDS)
        except (*CONNECTION_EXCEPTIONS, TimeoutError) as error:
            log.warning("broker node unavailable, trying the next", error=repr(error))
    return await aio_pika.connect(urls[-1], timeout=NODE_CONNECT_TIMEOUT_SECONDS)


def consumer_queue(queue: ConsumerQueue) -> RabbitQueue:
    return RabbitQueue(
        queue.name,
        queue_type=QueueType.QUORUM,
        durable=True,
        arguments=queue.arguments(),  # type: ignore[arg-type]
        routing_key=queue.routing_key,
    )


def dead_letter_queue(queue: ConsumerQueue) -> RabbitQueue:
    return RabbitQueue(
        queue.dead_letter_queue,
        queue_type=QueueType.QUORUM,
        durable=True,
        arguments=queue.dead_letter_arguments(),  # type: ignore[arg-type]
        routing_key=queue.name,
    )


def retry_queue(delay_ms: int) -> RabbitQueue:
    """The queue where failed messages wait `delay_ms` before going back to their queue.

    One per delay, shared by every consumer queue: all its messages have the same time to
    live, so the one at the head always expires first. A quorum queue dead-lettering
    at-least-once: an expired message leaves only once its consumer queue has it.
    """
    return RabbitQueue(
        f"{RETRIES.name}.{delay_ms}ms",
        queue_type=QueueType.QUORUM,
        durable=True,
        arguments={  # type: ignore[arg-type]
            "x-queue-type": "quorum",
            "x-message-ttl": delay_ms,
            "x-dead-letter-exchange": "",
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
        bind_arguments={"x-match": "all", RETRY_DELAY_HEADER: retry_delay_value(delay_ms)},
    )


def retry_delay_value(delay_ms: int) -> str:
    return f"{delay_ms}ms"


async def declare_retries(broker: RabbitBroker, delays_ms: Sequence[int]) -> None:
    """The retry exchange and one retry queue per delay (chassis.consumers.retry_delays_ms)."""
    retries = await broker.declare_exchange(RETRIES)
    for delay_ms in sorted(set(delays_ms)):
        queue = retry_queue(delay_ms)
        declared = await broker.declare_queue(queue)
        await declared.bind(retries, arguments=queue.bind_arguments)


async def declare_topology(broker: RabbitBroker, queues: Sequence[ConsumerQueue]) -> None:
    """Declare the exchanges and every consumer queue of the contract, with its DLQ.

    Every service declares the whole topology, not only its own queues: an event
    published before its consumer's first start is then queued, not returned
    as unroutable. Declaring with the same arguments is idempotent.
    """
    events = await broker.declare_exchange(EVENTS)
    dead_letters = await broker.declare_exchange(DEAD_LETTERS)
    for queue in queues:
        declared = await broker.declare_queue(consumer_queue(queue))
        await declared.bind(events, routing_key=queue.routing_key)
        dead = await broker.declare_queue(dead_letter_queue(queue))
        await dead.bind(dead_letters, routing_key=queue.name)


class BrokerPublisher:
    """The relay's publisher: a batch goes out at once, its confirms awaited together.

    Messages go straight to aio-pika's exchange object of the broker's default channel
    (publisher confirms, returns raise: `make_broker`), as FastStream's own publish does
    in the end, without its per-message command, middleware and declarer steps: a
    third of the relay's CPU per event, measured on 40,000 deadline events."""

    def __init__(self, broker: RabbitBroker, connected: asyncio.Event) -> None:
        self._broker = broker
        self._connected = connected

    async def publish_many(self, messages: Sequence[OutgoingMessage]) -> list[BaseException | None]:
        if not self._connected.is_set():
            raise ConnectionError("the broker is not connected yet")
        exchange = await self._broker.declare_exchange(EVENTS)  # declared once, then cached
        app_id = self._broker.config.app_id
        results = await asyncio.gather(
            *(self._publish(exchange, message, app_id) for message in messages),
            return_exceptions=True,
        )
        return [r if isinstance(r, BaseException) else None for r in results]

    @staticmethod
    async def _publish(
        exchange: aio_pika.abc.AbstractExchange, message: OutgoingMessage, app_id: str | None
    ) -> None:
        await exchange.publish(
            aio_pika.Message(
                message.body.encode(),
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                correlation_id=message.correlation_id,
                message_id=str(message.event_id),
                timestamp=message.created_at,
                type=message.name,
                app_id=app_id,
                headers={"x-correlation-id": message.correlation_id, "x-event-name": message.name},
            ),
            routing_key=message.name,
            mandatory=True,
            timeout=PUBLISH_TIMEOUT_SECONDS,
        )


class BrokerSupervisor:
    """Starts the broker in the background, retrying until RabbitMQ answers.

    Once connected, aio-pika's robust connection restores channels and consumers
    by itself after an outage.
    """

    def __init__(
        self,
        broker: RabbitBroker,
        queues: Sequence[ConsumerQueue],
        *,
        publishing: RabbitBroker | None = None,
        retry_seconds: float = 1.0,
        retry_delays_ms: Sequence[int] = (),
    ) -> None:
        self.broker = broker
        self.publishing = publishing
        """The relay's own connection (`make_broker(..., role="publisher")`): RabbitMQ
        blocks a connection that publishes during a memory or disk alarm, and on a shared
        connection the consumers' acks would stall with it."""
        self.connected = asyncio.Event()
        self._queues = queues
        self._retry_delays_ms = retry_delays_ms
        self._retry_seconds = retry_seconds

    def _brokers(self) -> list[RabbitBroker]:
        return [self.broker] + ([self.publishing] if self.publishing is not None else [])

    async def run(self) -> None:
        attempt = 0
        while True:
            try:
                await self.broker.connect()
                await declare_topology(self.broker, self._queues)
                await declare_retries(self.broker, self._retry_delays_ms)
                await self.broker.start()
                if self.publishing is not None:
                    await self.publishing.connect()
            except Exception as error:
                attempt += 1
                delay = min(10.0, self._retry_seconds * attempt)
                log.warning("broker unavailable, retrying", error=repr(error), retry_in=delay)
                for broker in self._brokers():
                    await _close_quietly(broker)
                await asyncio.sleep(delay)
                continue
            self.connected.set()
            log.info("broker connected", connections=len(self._brokers()))
            return

    async def is_ready(self) -> bool:
        if not self.connected.is_set():
            return False
        for broker in self._brokers():
            if not await broker.ping(timeout=1.0):
                return False
        return True


async def _close_quietly(broker: RabbitBroker) -> None:
    try:
        await broker.stop()
    except Exception as error:  # a half-open connection may fail to close; it is gone anyway
        log.debug("closing a failed broker connection", error=repr(error))
