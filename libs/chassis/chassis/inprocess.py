"""An in-process bus for `make run` on a machine without RabbitMQ.

The relay hands each batch straight to the consumers of every service in the
process, through the same inbox as on the broker. A message counts as
published only once every consumer of it has committed, so a failing handler
leaves its outbox row pending and the relay offers it again later: events
still survive a crash, in the outbox. There are no queues, so no prefetch
and no dead-letter queue: this bus is for trying the platform on one machine,
and the production path is RabbitMQ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import structlog

from chassis.consumers import Consumer, Undeliverable, handle_once, parse
from chassis.outbox import OutgoingMessage

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("chassis.inprocess")


class InProcessBus:
    def __init__(self) -> None:
        self._consumers: list[tuple[Consumer, Runtime]] = []

    def attach(self, runtime: Runtime) -> None:
        self._consumers.extend((c, runtime) for c in runtime.consumers)

    async def publish_many(self, messages: Sequence[OutgoingMessage]) -> list[BaseException | None]:
        return [await self._deliver(message) for message in messages]

    async def _deliver(self, message: OutgoingMessage) -> BaseException | None:
        try:
            envelope, event = parse(message.body.encode())
        except Undeliverable as error:
            log.error("in-process message dropped", reason=str(error), event_name=message.name)
            return None
        failure: BaseException | None = None
        for consumer, runtime in self._consumers:
            if consumer.queue.routing_key != message.name:
                continue
            with structlog.contextvars.bound_contextvars(
                consumer=consumer.queue.name,
                correlation_id=envelope.correlation_id,
                event_id=str(envelope.event_id),
            ):
                try:
                    await handle_once(envelope, event, consumer, runtime)
                except Exception as error:  # offered again on the relay's next pass
                    log.warning("in-process handler failed", reason=repr(error))
                    runtime.metrics.failed.labels(queue=consumer.queue.name).inc()
                    failure = error
                else:
                    runtime.metrics.consumed.labels(queue=consumer.queue.name).inc()
        return failure
