"""Consuming events: one handler per consumer queue, idempotent, retried, dead-lettered.

For each delivery: parse the envelope, skip it if the inbox already holds it,
else run the handler and write the inbox row in the same transaction, then ack.
A failing handler is retried (the message is requeued with a short backoff)
until its attempt reaches the queue's delivery limit; then the message is
published to the consumer's dead-letter queue with the reason, and acked, so
the rest keeps flowing. A message that cannot be understood at all (bad JSON,
unknown event name, invalid payload) is dead-lettered at once: retrying cannot
fix it. Should the process itself die on a message, the queue's own
x-delivery-limit dead-letters it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import structlog
from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, RabbitBroker
from faststream.rabbit.annotations import RabbitMessage
from pydantic import ValidationError

from chassis.correlation import accept_correlation_id
from chassis.db import database_unavailable
from chassis.inbox import claim
from chassis.messaging import DEAD_LETTERS, EVENTS, PUBLISH_TIMEOUT_SECONDS, consumer_queue
from chassis.metrics import QueueMetrics
from chassis.refusals import Undeliverable
from chassis.retention import stale_for
from contracts import ConsumerQueue, Envelope, Event

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.unit_of_work import UnitOfWork

__all__ = ["Consumer", "Undeliverable", "handle_once", "parse", "register_consumer"]

log = structlog.get_logger("chassis.consumers")

Outcome = Literal["consumed", "failed", "dead-lettered", "requeued"]
"""What became of a delivery: handled and acked, requeued after a handler failure,
dead-lettered, or requeued because dead-lettering itself failed (counted as failed)."""

Handler = Callable[[Any, "UnitOfWork"], Awaitable[None]]


@dataclass(frozen=True)
class Consumer:
    """A handler bound to its queue. The handler gets the typed event and a unit of work."""

    queue: ConsumerQueue
    handler: Handler


async def _the_message(message: RabbitMessage) -> RabbitMessage:
    """The subscriber's decoder: the handler gets the message itself, not a decoded body.

    The broker injects nothing (`apply_types=False`, see chassis.messaging), so this
    is how `on_message` reaches the body, headers, ack and nack. It is async:
    FastStream runs a plain function in the thread pool.
    """
    return message


def register_consumer(broker: RabbitBroker, consumer: Consumer, runtime: Runtime) -> None:
    queue = consumer.queue
    metrics = runtime.metrics.of_queue(queue.name)

    @broker.subscriber(
        consumer_queue(queue),
        EVENTS,
        channel=Channel(prefetch_count=queue.prefetch),
        ack_policy=AckPolicy.MANUAL,
        no_reply=True,
        decoder=_the_message,
        title=queue.name,
        description=f"{queue.name} handles {queue.routing_key}",
    )
    async def on_message(message: RabbitMessage) -> None:
        await _deliver(message, consumer, runtime, broker, metrics)


async def _deliver(
    message: RabbitMessage,
    consumer: Consumer,
    runtime: Runtime,
    broker: RabbitBroker,
    metrics: QueueMetrics,
) -> None:
    started = time.perf_counter()
    try:
        outcome = await _handle_delivery(message, consumer, runtime, broker, metrics)
    finally:
        metrics.handling_duration.observe(time.perf_counter() - started)
    counter = {"consumed": metrics.consumed, "dead-lettered": metrics.dead_lettered}.get(
        outcome, metrics.failed
    )
    counter.inc()


async def _handle_delivery(
    message: RabbitMessage,
    consumer: Consumer,
    runtime: Runtime,
    broker: RabbitBroker,
    metrics: QueueMetrics,
) -> Outcome:
    queue = consumer.queue
    headers = dict(message.headers or {})
    attempt = int(headers.get("x-delivery-count", 0) or 0) + 1
    with structlog.contextvars.bound_contextvars(consumer=queue.name, attempt=attempt):
        try:
            envelope, event = parse(message.body)
        except Undeliverable as error:
            return await _dead_letter(
                broker, message, queue, headers, attempt, f"undeliverable: {error}"
            )
        correlation_id = accept_correlation_id(envelope.correlation_id)
        with structlog.contextvars.bound_contextvars(
            correlation_id=correlation_id,
            event_id=str(envelope.event_id),
            event_name=envelope.name,
        ):
            try:
                await _handle_while_database_away(envelope, event, consumer, runtime, metrics)
            except Undeliverable as error:
                return await _dead_letter(
                    broker, message, queue, headers, attempt, f"undeliverable: {error}"
                )
            except Exception as error:
                reason = f"{type(error).__name__}: {error}"
                if attempt >= queue.delivery_limit:
                    log.error("handler failed for the last time", reason=reason[:500])
                    return await _dead_letter(broker, message, queue, headers, attempt, reason)
                log.warning("handler failed, will retry", reason=reason[:500])
                await asyncio.sleep(runtime.settings.retry_backoff_seconds * 2 ** (attempt - 1))
                await message.nack(requeue=True)
                return "failed"
            await message.ack()
            return "consumed"


async def _handle_while_database_away(
    envelope: Envelope, event: Event, consumer: Consumer, runtime: Runtime, metrics: QueueMetrics
) -> None:
    """Handle the event; while the database is out of reach, hold the message and retry.

    An unreachable database says nothing about the message: requeueing it would
    spend its delivery limit and dead-letter sound messages during an outage.
    The delivery stays unacked (prefetch bounds how many are held) and is tried
    again with a growing pause, up to `database_retry_max_seconds`, until the
    database answers. Should the process stop meanwhile, the broker redelivers.
    """
    held = 0
    while True:
        try:
            await handle_once(envelope, event, consumer, runtime)
            if held:
                log.info("database back, held message handled", tries=held + 1)
            return
        except Exception as error:
            if not database_unavailable(error):
                raise
            delay = min(runtime.settings.database_retry_max_seconds, 0.1 * 2 ** min(held, 10))
            if held % 10 == 0:
                log.warning(
                    "database unavailable, message held and retried",
                    error=type(error).__name__,
                    retry_in=delay,
                    tries=held + 1,
                )
            held += 1
            metrics.database_unavailable.inc()
            await asyncio.sleep(delay)


def parse(body: bytes) -> tuple[Envelope, Event]:
    try:
        envelope = Envelope.model_validate_json(body)
    except ValidationError as error:
        raise Undeliverable(f"not an event envelope: {_first_error(error)}") from error
    try:
        return envelope, envelope.event()
    except LookupError as error:
        raise Undeliverable(str(error)) from error
    except ValidationError as error:
        raise Undeliverable(f"invalid {envelope.name} payload: {_first_error(error)}") from error


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "body"
    return f"{where}: {first.get('msg')} ({error.error_count()} error(s))"


async def handle_once(
    envelope: Envelope, event: Event, consumer: Consumer, runtime: Runtime
) -> None:
    if not isinstance(event, consumer.queue.event):
        raise Undeliverable(f"{envelope.name} is not what {consumer.queue.name} consumes")
    async with runtime.unit_of_work() as uow:
        uow.caused_by = envelope
        first_time = await claim(
            uow.session,
            runtime.delivery.inbox,
            event_id=envelope.event_id,
            consumer=consumer.queue.name,
            event_name=envelope.name,
            processed_at=runtime.clock.now(),
        )
        if not first_time:
            log.info("duplicate event skipped")
            return
        horizon = await stale_for(
            uow.session,
            runtime.delivery.inbox_horizon,
            consumer=consumer.queue.name,
            occurred_at=envelope.occurred_at,
            now=runtime.clock.now(),
        )
        if horizon is not None:
            # Its inbox row, had it been applied, may have been pruned (chassis.retention):
            # refused rather than risk applying it twice; the claim rolls back.
            raise Undeliverable(
                f"stale: occurred {envelope.occurred_at.isoformat()}, before this consumer's "
                f"inbox was pruned ({horizon.isoformat()}); it may have been applied already"
            )
        await consumer.handler(event, uow)
        if not uow.committed:
            # Handlers own their transaction (docs/ARCHITECTURE.md): one that returns without
            # committing is a bug no retry mends; its work and the inbox claim roll back and
            # the message goes straight to the dead-letter queue, to be replayed once fixed.
            handler = getattr(consumer.handler, "__qualname__", repr(consumer.handler))
            raise Undeliverable(f"{handler} returned without committing its unit of work")


async def _dead_letter(
    broker: RabbitBroker,
    message: RabbitMessage,
    queue: ConsumerQueue,
    headers: dict[str, Any],
    attempt: int,
    reason: str,
) -> Outcome:
    """Publish to the consumer's dead-letter queue (confirmed), then ack the original.

    Should the publish fail, the original is requeued instead: nothing is lost.
    """
    try:
        await broker.publish(
            message.body,
            exchange=DEAD_LETTERS,
            routing_key=queue.name,
            mandatory=True,
            persist=True,
            timeout=PUBLISH_TIMEOUT_SECONDS,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            content_type=message.content_type or "application/json",
            headers={
                **{k: v for k, v in headers.items() if k != "x-delivery-count"},
                "x-dead-letter-reason": reason[:2000],
                "x-dead-letter-queue": queue.name,
                "x-attempts": attempt,
            },
        )
    except Exception as error:
        log.error("dead-lettering failed, requeueing", error=repr(error))
        await message.nack(requeue=True)
        return "requeued"
    log.error(
        "message dead-lettered", reason=reason[:500], dead_letter_queue=queue.dead_letter_queue
    )
    await message.ack()
    return "dead-lettered"
