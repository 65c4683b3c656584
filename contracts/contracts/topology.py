"""Exchanges and consumer queues: the part of the contract operators see.

Every event is published on one durable topic exchange with its name as the
routing key. Each consumer owns one durable quorum queue bound to one event
name, with an explicit delivery limit and its own dead-letter queue. Queue
arguments cannot be changed on a live queue: a change is a new queue name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.accounts import UserRegisteredV1
from contracts.envelope import Event

EXCHANGE = "training.events"
"""Durable topic exchange carrying every integration event."""

DEAD_LETTER_EXCHANGE = "training.dead-letter"
"""Durable direct exchange; routing key = the name of the queue the message died in."""


@dataclass(frozen=True)
class ConsumerQueue:
    """One consumer: a queue, the event it is bound to, and its delivery policy."""

    name: str
    event: type[Event]
    delivery_limit: int = 5
    prefetch: int = 16

    @property
    def routing_key(self) -> str:
        return self.event.name

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dead-letter"

    def arguments(self) -> dict[str, Any]:
        # RabbitMQ 3.10 sets no delivery limit on quorum queues by default, so a
        # message that crashes its consumer would loop forever: set one. The
        # at-least-once dead-letter strategy (with reject-publish overflow)
        # keeps a dead-lettered message until the dead-letter queue confirms it.
        return {
            "x-queue-type": "quorum",
            "x-delivery-limit": self.delivery_limit,
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": self.name,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        }

    def dead_letter_arguments(self) -> dict[str, Any]:
        return {"x-queue-type": "quorum"}


NOTIFICATIONS_WELCOME = ConsumerQueue(
    name="notifications.welcome.on-user-registered",
    event=UserRegisteredV1,
)

QUEUES: tuple[ConsumerQueue, ...] = (NOTIFICATIONS_WELCOME,)
"""Every consumer queue of the platform, for operators' tools and the AsyncAPI document."""
