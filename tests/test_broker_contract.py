"""What the broker itself must show: queue arguments, unroutable events, graceful shutdown."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import aio_pika
import pytest
from aiormq.exceptions import ChannelPreconditionFailed
from sqlalchemy import func, select

from chassis.consumers import Consumer
from chassis.messaging import BrokerPublisher
from chassis.outbox import OutgoingMessage
from chassis.service import ServiceDefinition
from contracts import EXCHANGE, ConsumerQueue, Envelope
from contracts.accounts import UserRegisteredV1
from contracts.topology import NOTIFICATIONS_WELCOME
from notifications.adapters.tables import Message, delivery, metadata
from notifications.handlers.recording import welcome_new_user
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def test_consumer_queues_carry_exactly_the_contract_arguments(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    async with running_service(
        NOTIFICATIONS, settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the broker")
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        same = await channel.declare_queue(
            NOTIFICATIONS_WELCOME.name, durable=True, arguments=NOTIFICATIONS_WELCOME.arguments()
        )
        assert same.name == NOTIFICATIONS_WELCOME.name
        other = {**NOTIFICATIONS_WELCOME.arguments(), "x-delivery-limit": 99}
        with pytest.raises(ChannelPreconditionFailed, match="x-delivery-limit"):
            await channel.declare_queue(NOTIFICATIONS_WELCOME.name, durable=True, arguments=other)


async def test_an_event_no_queue_is_bound_to_is_an_error_not_silence(
    rabbitmq_url, fresh_database, settings_for
):
    async with running_service(
        NOTIFICATIONS, settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the broker")
        publisher = BrokerPublisher(service.runtime.broker, service.runtime.supervisor.connected)
        routed = OutgoingMessage(uuid.uuid4(), UserRegisteredV1.name, "{}", "c", datetime.now(UTC))
        unroutable = OutgoingMessage(
            uuid.uuid4(), "tests.nobody.listens.v1", "{}", "c", datetime.now(UTC)
        )
        results = await publisher.publish_many([routed, unroutable])
    assert results[0] is None
    assert results[1] is not None


GATED = ConsumerQueue(name="tests.graceful-shutdown", event=UserRegisteredV1)


async def test_shutdown_lets_an_in_flight_handler_finish_and_ack(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url, (GATED,))
    started, release = asyncio.Event(), asyncio.Event()

    async def slow_welcome(event, uow) -> None:
        started.set()
        await release.wait()
        await welcome_new_user(event, uow)

    definition = ServiceDefinition(
        name="notifications",
        title="slow consumer",
        metadata=metadata,
        delivery=delivery,
        migrations="notifications:migrations",
        consumers=[Consumer(GATED, slow_welcome)],
    )
    settings = settings_for("notifications", await fresh_database())
    async with running_service(definition, settings) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the broker")
        event = UserRegisteredV1(
            user_id=uuid.uuid4(), email="slow@example.be", full_name="S", account_kind="individual"
        )
        body = Envelope.wrap(
            event, producer="tests", occurred_at=datetime.now(UTC), correlation_id="c"
        ).model_dump_json()
        connection = await aio_pika.connect(rabbitmq_url)
        async with connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(EXCHANGE)
            await exchange.publish(aio_pika.Message(body.encode()), routing_key=event.name)
        await asyncio.wait_for(started.wait(), timeout=10)
        stopping = asyncio.create_task(service.runtime.broker.stop())
        await asyncio.sleep(0.2)
        assert not stopping.done(), "the broker closed while a handler was still running"
        release.set()
        await asyncio.wait_for(stopping, timeout=10)
        async with service.runtime.db.session() as session:
            assert await session.scalar(select(func.count()).select_from(Message)) == 1
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(GATED.name, passive=True)
        assert queue.declaration_result.message_count == 0, "the message was not acked"
