"""Consuming events: one handler per consumer queue, idempotent, retried, dead-lettered.

For each delivery: parse the envelope, skip it if the inbox already holds it,
else run the handler and write the inbox row in the same transaction, then ack.
A failing handler is retried: a copy carrying the number of attempts made
(`x-attempts`) is published, confirmed, to the retry queue of its delay, and the
delivery is acked; the copy expires back into the consumer queue after the delay.
The attempt is counted by the consumer, not read from the broker's
`x-delivery-count`, whose rules changed in RabbitMQ 4 (docs/ARCHITECTURE.md
"Retries"). At the queue's delivery limit the message is published to the
consumer's dead-letter queue with the reason, and acked, so the rest keeps
flowing. A message that cannot be understood at all (bad JSON, unknown event
name, invalid payload) is dead-lettered at once: retrying cannot fix it. Should
the process itself die on a message, the queue's own x-delivery-limit
dead-letters it. No delivery is held near RabbitMQ's consumer timeout: a handler
has `handler_timeout_seconds`, a database outage holds a delivery at most
`delivery_hold_max_seconds` (ServiceSettings.longest_delivery_hold_seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import structlog
from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, RabbitBroker, RabbitExchange
from faststream.rabbit.annotations import RabbitMessage
from pydantic import ValidationError

from chassis.batches import Batcher
from chassis.correlation import accept_correlation_id
from chassis.db import database_unavailable
from chassis.inbox import claim
from chassis.messaging import (
    BROKER_HEADERS,
    DEAD_LETTERS,
    EVENTS,
    PUBLISH_TIMEOUT_SECONDS,
    RETRIES,
    RETRY_DELAY_HEADER,
    consumer_queue,
    retry_delay_value,
)
from chassis.metrics import QueueMetrics
from chassis.refusals import Undeliverable
from chassis.retention import stale_for
from chassis.unit_of_work import BatchRollback
from contracts import ConsumerQueue, Envelope, Event

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.settings import ServiceSettings
    from chassis.unit_of_work import UnitOfWork

__all__ = [
    "Consumer",
    "Undeliverable",
    "attempts_made",
    "handle_in",
    "handle_once",
    "hold_while_database_away",
    "parse",
    "register_consumer",
    "retry_delay_ms",
    "retry_delays_ms",
]

log = structlog.get_logger("chassis.consumers")

Outcome = Literal["consumed", "failed", "dead-lettered", "released", "requeued"]
"""What became of a delivery: handled and acked; sent to retry after a handler failure;
dead-lettered; released to retry, not counted, after being held while the database was
away; or requeued because publishing the retry or dead letter failed (all but the first
and third are counted as failed)."""

ATTEMPTS_HEADER = "x-attempts"
"""Attempts made before this copy: 0 on the first delivery (no header)."""

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
        if batches is None or attempts_made(dict(message.headers or {})):
            # a retried copy failed before: it is handled alone, not in a batch again
            await _deliver(message, consumer, runtime, broker, metrics)
        else:
            await batches.submit(message)

    async def handle_batch(messages: list[RabbitMessage]) -> None:
        await _handle_batch(messages, consumer, runtime, broker, metrics)

    settings = runtime.settings
    batches = (
        Batcher(
            min(settings.consumer_batch_size, queue.prefetch),
            settings.consumer_batch_wait_ms / 1000,
            handle_batch,
        )
        if settings.consumer_batch_size > 1
        else None
    )


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
    settings = runtime.settings
    headers = dict(message.headers or {})
    attempt = attempts_made(headers) + 1
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

            async def attempt_once() -> None:
                await _within(
                    settings.handler_timeout_seconds,
                    handle_once(envelope, event, consumer, runtime),
                )

            try:
                handled = await hold_while_database_away(
                    attempt_once,
                    hold_seconds=settings.delivery_hold_max_seconds,
                    max_pause_seconds=settings.database_retry_max_seconds,
                    on_unavailable=metrics.database_unavailable.inc,
                )
            except Exception as error:
                return await _failed(broker, message, queue, settings, error)
            if not handled:
                # The database stayed away: give the delivery back before the broker's
                # consumer timeout, without spending an attempt on it.
                log.warning(
                    "database still unavailable, message released to retry",
                    held_seconds=settings.delivery_hold_max_seconds,
                )
                delay_ms = retry_delay_ms(settings, 1)
                sent = await _retry(broker, message, queue, headers, attempt - 1, delay_ms)
                return "released" if sent == "failed" else sent
            await message.ack()
            return "consumed"


async def _failed(
    broker: RabbitBroker,
    message: RabbitMessage,
    queue: ConsumerQueue,
    settings: ServiceSettings,
    error: Exception,
) -> Outcome:
    """An attempt failed: dead-letter (undeliverable, or the last attempt) or retry."""
    headers = dict(message.headers or {})
    attempt = attempts_made(headers) + 1
    if isinstance(error, Undeliverable):
        return await _dead_letter(
            broker, message, queue, headers, attempt, f"undeliverable: {error}"
        )
    reason = f"{type(error).__name__}: {error}"
    if attempt >= queue.delivery_limit:
        log.error("handler failed for the last time", reason=reason[:500])
        return await _dead_letter(broker, message, queue, headers, attempt, reason)
    delay_ms = retry_delay_ms(settings, attempt)
    log.warning("handler failed, will retry", reason=reason[:500], retry_in_ms=delay_ms)
    return await _retry(broker, message, queue, headers, attempt, delay_ms)


def attempts_made(headers: dict[str, Any]) -> int:
    """How many attempts were made before this delivery, from our own `x-attempts`."""
    try:
        return max(0, int(headers.get(ATTEMPTS_HEADER, 0) or 0))
    except (TypeError, ValueError):
        return 0


def retry_delay_ms(settings: ServiceSettings, attempt: int) -> int:
    """The pause after failed attempt `attempt` (1, 2, ...): doubled each time, capped."""
    seconds = min(
        settings.retry_backoff_seconds * 2 ** (attempt - 1), settings.retry_backoff_max_seconds
    )
    return round(seconds * 1000)


def retry_delays_ms(settings: ServiceSettings, queues: Sequence[ConsumerQueue]) -> list[int]:
    """Every delay these queues' retries may wait, so a retry queue exists for each."""
    attempts = range(1, max((q.delivery_limit for q in queues), default=1))
    return sorted({retry_delay_ms(settings, 1), *(retry_delay_ms(settings, a) for a in attempts)})


class HandlerTimedOut(Exception):
    """A handler ran past `handler_timeout_seconds`: a failure of this message, retried."""


async def _within(seconds: float, work: Awaitable[None]) -> None:
    limit = asyncio.timeout(seconds)
    try:
        async with limit:
            await work
    except TimeoutError:
        if limit.expired():
            raise HandlerTimedOut(f"the handler ran longer than {seconds:g} s") from None
        raise


async def hold_while_database_away(
    attempt_once: Callable[[], Awaitable[None]],
    *,
    hold_seconds: float,
    max_pause_seconds: float,
    on_unavailable: Callable[[], None] = lambda: None,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> bool:
    """Handle the event; while the database is out of reach, hold the message and retry.

    An unreachable database says nothing about the message: counting an attempt
    would dead-letter sound messages during an outage. The delivery stays unacked
    (prefetch bounds how many are held) and is tried again with a growing pause,
    up to `max_pause_seconds`, until the database answers, or until the next pause
    would pass `hold_seconds`: then False, and the caller releases the delivery,
    well before RabbitMQ's consumer timeout would close the channel.
    """
    started = monotonic()
    held = 0
    while True:
        try:
            await attempt_once()
            if held:
                log.info("database back, held message handled", tries=held + 1)
            return True
        except Exception as error:
            if isinstance(error, HandlerTimedOut) or not database_unavailable(error):
                raise
            delay = min(max_pause_seconds, 0.1 * 2 ** min(held, 10))
            if monotonic() - started + delay > hold_seconds:
                return False
            if held % 10 == 0:
                log.warning(
                    "database unavailable, message held and retried",
                    error=type(error).__name__,
                    retry_in=delay,
                    tries=held + 1,
                )
            held += 1
            on_unavailable()
            await sleep(delay)


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
        await handle_in(uow, envelope, event, consumer, runtime)


async def handle_in(
    uow: UnitOfWork, envelope: Envelope, event: Event, consumer: Consumer, runtime: Runtime
) -> None:
    """Claim the event in the inbox and run the handler, in `uow`'s transaction."""
    if not isinstance(event, consumer.queue.event):
        raise Undeliverable(f"{envelope.name} is not what {consumer.queue.name} consumes")
    uow.caused_by = envelope
    uow.committed = False
    first_time = await claim(
        await uow.session.connection(),
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


async def _handle_batch(
    messages: list[RabbitMessage],
    consumer: Consumer,
    runtime: Runtime,
    broker: RabbitBroker,
    metrics: QueueMetrics,
) -> None:
    """Handle `messages` in one transaction, each in a savepoint, then ack them together.

    A message whose handler fails is rolled back to its savepoint alone and, once the
    batch has committed and been acked, goes its own way as it would alone: this attempt
    counts, it is retried or dead-lettered. One that met an unreachable database or
    rolled back, and every message of a batch that failed as a whole (its commit), is
    handled on its own instead, as any delivery is: nothing is acked that was not
    committed, and the inbox absorbs whatever was.
    """
    started = time.perf_counter()
    parsed, alone = [], []
    for message in messages:
        try:
            parsed.append((message, *parse(message.body)))
        except Undeliverable:
            alone.append(message)
    done: list[RabbitMessage] = []
    failed: list[tuple[RabbitMessage, Envelope, Exception]] = []
    try:
        async with runtime.unit_of_work() as uow:
            uow.batched = True
            for message, envelope, event in parsed:
                with _bound(message, consumer, envelope):
                    savepoint = await uow.session.begin_nested()
                    try:
                        await _within(
                            runtime.settings.handler_timeout_seconds,
                            handle_in(uow, envelope, event, consumer, runtime),
                        )
                    except Exception as error:
                        await savepoint.rollback()
                        if isinstance(error, BatchRollback) or database_unavailable(error):
                            alone.append(message)
                        else:
                            failed.append((message, envelope, error))
                        continue
                    await savepoint.commit()
                    done.append(message)
            await uow.commit_batch()
    except Exception as error:
        log.warning("batch failed, its messages handled one by one", error=repr(error)[:500])
        done, failed, alone = [], [], list(messages)
    for message in done:
        await message.ack()
        metrics.consumed.inc()
    if done:
        metrics.handling_duration.observe((time.perf_counter() - started) / len(done))
    for message, envelope, error in failed:
        with _bound(message, consumer, envelope):
            outcome = await _failed(broker, message, consumer.queue, runtime.settings, error)
        {"dead-lettered": metrics.dead_lettered}.get(outcome, metrics.failed).inc()
    for message in alone:
        await _deliver(message, consumer, runtime, broker, metrics)


def _bound(
    message: RabbitMessage, consumer: Consumer, envelope: Envelope
) -> contextlib.AbstractContextManager[object]:
    return structlog.contextvars.bound_contextvars(
        consumer=consumer.queue.name,
        attempt=attempts_made(dict(message.headers or {})) + 1,
        correlation_id=accept_correlation_id(envelope.correlation_id),
        event_id=str(envelope.event_id),
        event_name=envelope.name,
    )


async def _retry(
    broker: RabbitBroker,
    message: RabbitMessage,
    queue: ConsumerQueue,
    headers: dict[str, Any],
    attempts: int,
    delay_ms: int,
) -> Outcome:
    """Publish a copy (confirmed) to wait `delay_ms` in its retry queue, then ack the original.

    Should the process die between the two, both come back: the inbox absorbs whichever
    is handled second. Should the publish fail, the original is rejected and requeued:
    nothing is lost, and that return counts toward the queue's x-delivery-limit.
    """
    routed = await _republish(
        broker,
        message,
        exchange=RETRIES,
        routing_key=queue.name,
        headers={ATTEMPTS_HEADER: attempts, RETRY_DELAY_HEADER: retry_delay_value(delay_ms)},
        original=headers,
    )
    if not routed:
        return "requeued"
    await message.ack()
    return "failed"


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
    routed = await _republish(
        broker,
        message,
        exchange=DEAD_LETTERS,
        routing_key=queue.name,
        headers={
            "x-dead-letter-reason": reason[:2000],
            "x-dead-letter-queue": queue.name,
            ATTEMPTS_HEADER: attempt,
        },
        original=headers,
    )
    if not routed:
        return "requeued"
    log.error(
        "message dead-lettered", reason=reason[:500], dead_letter_queue=queue.dead_letter_queue
    )
    await message.ack()
    return "dead-lettered"


async def _republish(
    broker: RabbitBroker,
    message: RabbitMessage,
    *,
    exchange: RabbitExchange,
    routing_key: str,
    headers: dict[str, Any],
    original: dict[str, Any],
) -> bool:
    """A persistent copy of the message with `headers`; False (and the original rejected
    and requeued) when the broker did not confirm it."""
    try:
        await broker.publish(
            message.body,
            exchange=exchange,
            routing_key=routing_key,
            mandatory=True,
            persist=True,
            timeout=PUBLISH_TIMEOUT_SECONDS,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            content_type=message.content_type or "application/json",
            headers={
                **{k: v for k, v in original.items() if k not in BROKER_HEADERS},
                **headers,
            },
        )
    except Exception as error:
        log.error("republishing failed, requeueing", exchange=exchange.name, error=repr(error))
        await message.reject(requeue=True)
        return False
    return True
