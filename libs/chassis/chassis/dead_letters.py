"""`python -m <service> dead-letters list|replay`: the messages a consumer gave up on.

`list` shows the messages of the service's dead-letter queues (or of `--queue`)
and puts them back where they were; `replay` republishes each one to the events
exchange with its original routing key and removes it from the dead-letter queue
only once the broker has confirmed the new copy (chassis.operations).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage
from aiormq.exceptions import ChannelNotFoundEntity

from chassis.messaging import BROKER_HEADERS, PUBLISH_TIMEOUT_SECONDS, connect_to_any
from chassis.settings import ServiceSettings
from contracts import EXCHANGE, QUEUES, Envelope
from contracts.topology import TEST_CLOCK_MOVED

if TYPE_CHECKING:
    from chassis.service import ServiceDefinition

DEAD_LETTER_SUFFIX = ".dead-letter"
REPLAY_DROPPED_HEADERS = BROKER_HEADERS | {
    "x-dead-letter-reason",
    "x-dead-letter-queue",
    "x-attempts",
}
"""Headers describing the message's death, dropped from the replayed copy: it starts afresh."""


@dataclass(frozen=True)
class DeadLetter:
    dead_letter_queue: str
    position: int
    message_id: str | None
    event_name: str | None
    routing_key: str | None
    """Where a replay sends it: the event's original routing key."""
    reason: str | None
    attempts: int | None
    correlation_id: str | None
    occurred_at: str | None
    size: int


def dead_letters_command(
    definition: ServiceDefinition, settings: ServiceSettings, argv: Sequence[str]
) -> int:
    """List or replay the messages in the service's dead-letter queues.

    Usage: python -m <service> dead-letters list|replay [--queue Q] [--limit N] [--json]

    `list` shows each message (event, reason, attempts) and leaves it in its queue.
    `replay` republishes each to the events exchange with its original routing key,
    then removes it from the dead-letter queue once the broker confirmed the copy.
    Without --queue: the dead-letter queues of this service's consumers.
    """
    parser = argparse.ArgumentParser(
        prog=f"{definition.name} dead-letters",
        description=dead_letters_command.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=["list", "replay"])
    parser.add_argument(
        "--queue",
        action="append",
        help="a consumer queue (or its dead-letter queue); repeatable. "
        "Default: this service's consumer queues",
    )
    parser.add_argument(
        "--limit", type=int, default=100, help="at most this many messages (default 100)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args(argv)
    if args.limit < 1:
        parser.error("--limit must be at least 1")
    chassis_queue = TEST_CLOCK_MOVED.get(definition.name)  # the chassis's own consumer
    names = args.queue or [
        *(c.queue.name for c in definition.consumers),
        *([chassis_queue.name] if chassis_queue else []),
    ]
    if not names:
        sys.stderr.write(f"{definition.name} consumes no queue: name one with --queue\n")
        return 1
    queues = [_dead_letter_queue_name(name) for name in names]
    urls = settings.rabbitmq_urls()
    if args.action == "list":
        return asyncio.run(_list(urls, queues, args.limit, args.json))
    return asyncio.run(_replay(urls, queues, args.limit, args.json))


def _dead_letter_queue_name(name: str) -> str:
    return name if name.endswith(DEAD_LETTER_SUFFIX) else name + DEAD_LETTER_SUFFIX


async def _list(urls: Sequence[str], queues: Sequence[str], limit: int, as_json: bool) -> int:
    status = 0
    remaining = limit
    connection = await connect_to_any(urls)
    async with connection:
        for queue_name in queues:
            if remaining <= 0:
                break
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(queue_name, passive=True)
            except ChannelNotFoundEntity:
                sys.stderr.write(f"{queue_name}: no such queue\n")
                status = 1
                continue
            total = queue.declaration_result.message_count or 0
            held: list[AbstractIncomingMessage] = []
            try:
                while len(held) < min(remaining, total):
                    message = await queue.get(no_ack=False, fail=False)
                    if message is None:
                        break
                    held.append(message)
                _write_header(queue_name, total, len(held), as_json)
                for position, message in enumerate(held, start=1):
                    _write_dead_letter(describe(queue_name, position, message), as_json)
            finally:
                # Back where they were: a quorum queue redelivers returned messages first.
                for message in held:
                    await message.nack(requeue=True)
                await channel.close()
            remaining -= len(held)
    return status


async def _replay(urls: Sequence[str], queues: Sequence[str], limit: int, as_json: bool) -> int:
    replayed, status = 0, 0
    connection = await connect_to_any(urls)
    async with connection:
        for queue_name in queues:
            if replayed >= limit:
                break
            channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
            try:
                queue = await channel.declare_queue(queue_name, passive=True)
            except ChannelNotFoundEntity:
                sys.stderr.write(f"{queue_name}: no such queue\n")
                status = 1
                continue
            # Only what is there now: a copy that fails again and comes back is not
            # picked up a second time by this run.
            budget = min(limit - replayed, queue.declaration_result.message_count or 0)
            events = await channel.get_exchange(EXCHANGE)
            try:
                for position in range(1, budget + 1):
                    message = await queue.get(no_ack=False, fail=False)
                    if message is None:
                        break
                    letter = describe(queue_name, position, message)
                    if letter.routing_key is None:
                        await message.nack(requeue=True)
                        sys.stderr.write(f"{queue_name} #{position}: no routing key, left as is\n")
                        status = 1
                        break
                    try:
                        await events.publish(
                            replay_copy(message, queue_name),
                            routing_key=letter.routing_key,
                            mandatory=True,
                            timeout=PUBLISH_TIMEOUT_SECONDS,
                        )
                    except Exception as error:
                        # Not confirmed (returned as unroutable, nacked, timed out): keep it.
                        await message.nack(requeue=True)
                        sys.stderr.write(
                            f"{queue_name} #{position}: not replayed, left in the queue: "
                            f"{type(error).__name__}: {error}\n"
                        )
                        status = 1
                        break
                    await message.ack()
                    replayed += 1
                    _write_replayed(letter, as_json)
            finally:
                if not channel.is_closed:
                    await channel.close()
    _write_line(
        json.dumps({"replayed": replayed}) if as_json else f"{replayed} message(s) replayed",
    )
    return status


def describe(queue_name: str, position: int, message: AbstractIncomingMessage) -> DeadLetter:
    headers: dict[str, Any] = dict(message.headers or {})
    envelope: Envelope | None
    try:
        envelope = Envelope.model_validate_json(message.body)
    except ValueError:
        envelope = None
    deaths = headers.get("x-death") or []
    first_death = deaths[-1] if isinstance(deaths, list) and deaths else {}
    reason = headers.get("x-dead-letter-reason")
    if reason is None and first_death:
        reason = f"broker: {_text(first_death.get('reason'))}"
    attempts = headers.get("x-attempts")
    if attempts is None and first_death:
        attempts = first_death.get("count")
    event_name = _text(headers.get("x-event-name")) or (envelope.name if envelope else None)
    return DeadLetter(
        dead_letter_queue=queue_name,
        position=position,
        message_id=message.message_id,
        event_name=event_name,
        routing_key=original_routing_key(queue_name, headers, envelope),
        reason=_text(reason),
        attempts=int(attempts) if attempts is not None else None,
        correlation_id=message.correlation_id,
        occurred_at=envelope.occurred_at.isoformat() if envelope else None,
        size=len(message.body),
    )


def original_routing_key(
    queue_name: str, headers: dict[str, Any], envelope: Envelope | None
) -> str | None:
    """The routing key the event was first published with.

    From the broker's own dead-lettering record (x-death), else the relay's
    x-event-name header, else the envelope, else the event the queue is bound to.
    A copy that waited in a retry queue came back by the consumer queue's own name
    (chassis.consumers): that key is not the event's and is passed over.
    """
    consumer_queue = queue_name.removesuffix(DEAD_LETTER_SUFFIX)
    deaths = headers.get("x-death")
    if isinstance(deaths, list):
        for death in reversed(deaths):  # the first death is the last entry
            keys = [_text(k) for k in death.get("routing-keys") or []]
            if keys and keys[0] != consumer_queue:
                return keys[0]
    if name := _text(headers.get("x-event-name")):
        return name
    if envelope is not None:
        return envelope.name
    for queue in QUEUES:
        if queue.name == consumer_queue:
            return queue.routing_key
    return None


def replay_copy(message: AbstractIncomingMessage, queue_name: str) -> aio_pika.Message:
    headers = {k: v for k, v in (message.headers or {}).items() if k not in REPLAY_DROPPED_HEADERS}
    headers["x-replayed-from"] = queue_name
    headers["x-replayed-at"] = datetime.now(UTC).isoformat()
    return aio_pika.Message(
        message.body,
        headers=headers,
        content_type=message.content_type or "application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        timestamp=message.timestamp,
        type=message.type,
        app_id=message.app_id,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def _write_header(queue_name: str, total: int, shown: int, as_json: bool) -> None:
    if as_json:
        _write_line(json.dumps({"queue": queue_name, "messages": total, "shown": shown}))
    else:
        _write_line(f"{queue_name}: {total} message(s), showing {shown}")


def _write_dead_letter(letter: DeadLetter, as_json: bool) -> None:
    if as_json:
        _write_line(json.dumps(asdict(letter)))
        return
    reason = (letter.reason or "")[:200]
    _write_line(
        f"  #{letter.position} {letter.event_name or '?'} id={letter.message_id} "
        f"attempts={letter.attempts} occurred_at={letter.occurred_at} "
        f"correlation_id={letter.correlation_id}\n      reason: {reason}"
    )


def _write_replayed(letter: DeadLetter, as_json: bool) -> None:
    if as_json:
        _write_line(json.dumps({"replayed": asdict(letter)}))
    else:
        _write_line(
            f"replayed {letter.dead_letter_queue} #{letter.position} "
            f"{letter.event_name} id={letter.message_id} -> {letter.routing_key}"
        )


def _write_line(text: str) -> None:
    # The operator's output, not a log line.
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
