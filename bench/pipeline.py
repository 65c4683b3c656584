"""Section 1: the event pipeline, beside a raw aio-pika baseline.

**Platform**: a cause is an `enrollment.booking.validated.v1` row committed into
enrollment's outbox, exactly as enrollment's unit of work writes it, announced
on the outbox channel in the same transaction (the benchmark writes it
directly, so that the REST layer, measured in section 2, is not part of this
figure; enrollment's relay wakes on its commit as on another replica's).
Enrollment's relay publishes it (batched, confirms
awaited together), RabbitMQ routes it to its two consumer queues, and billing
(an open billable) and notifications (the confirmation message) each record it
in their inbox and commit their effect. Latency: from the cause's timestamp to
the later of the two effects' `processed_at` (stamped in the effect's
transaction). An event is through when both effects are committed.

**Raw baselines**: the least that loses nothing, on the same broker and
database: persistent messages published with publisher confirms (windows
awaited together, as the relay does) and consumer processes
(`bench.raw_consumer`, plain aio-pika, same prefetch) that insert one row and
ack. With **one consumer** (the figure kept from the first runs) the messages
go to one quorum queue; with **the platform's fan-out** they go to a topic
exchange with two quorum queues bound to the event, each read by its own
consumer process writing into its own database, as billing and notifications
do: a message is through when both rows are committed. Latency: from just
before the publish to the (later) row's stamp.

Each system is first run flat out (`count` causes written at once: the
maximum rate), then offered fractions of its own maximum at an even pace.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import aio_pika
import asyncpg

from bench.measures import Run, cpu_per_op
from bench.stack import SYSTEM_CPUS, Stack
from chassis.relay_wakeup import channel_for
from contracts import Envelope
from contracts.enrollment import BookingValidatedV1, SessionFacts, Trainee
from testkit.processes import ServiceProcess

RAW_QUEUE = "bench.raw-baseline"
TICK = 0.01
"""Paced load: causes are written every 10 ms, in a batch of what is due by then."""
BILLING_CONSUMER = "billing.billable.on-booking-validated"
NOTIFICATIONS_CONSUMER = "notifications.confirmation.on-booking-validated"
SESSION = SessionFacts(
    session_id=UUID("00000000-0000-4000-8000-000000000001"),
    course_code="BENCH-1",
    course_title="Mesurer la plateforme",
    starts_at=datetime(2027, 3, 1, 8, tzinfo=UTC),
    ends_at=datetime(2027, 3, 1, 16, tzinfo=UTC),
    location="Bruxelles",
)


async def _paced(rate: float, total: int, send: Callable[[int], Awaitable[None]]) -> None:
    """Call `send(n)` every TICK with the number of operations due by then."""
    started = time.perf_counter()
    sent = 0
    pending: set[asyncio.Task[None]] = set()
    while sent < total:
        due = min(total, int(rate * (time.perf_counter() - started)) + 1)
        if due > sent:
            task = asyncio.ensure_future(send(due - sent))
            pending.add(task)
            task.add_done_callback(pending.discard)
            sent = due
        await asyncio.sleep(TICK)
    if pending:
        await asyncio.gather(*pending)


class PlatformPipeline:
    """Causes into enrollment's outbox; effects read from billing's and notifications'."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.processes = ["enrollment", "billing", "notifications"]

    def _row(self) -> tuple[UUID, str, str, str, datetime]:
        booking = uuid4()
        event = BookingValidatedV1(
            booking_id=booking,
            session=SESSION,
            trainee=Trainee(full_name="Bench Trainee", email=f"t-{booking.hex[:12]}@bench.example"),
            placed_by_email="buyer@bench.example",
            placed_by_user_id=None,
            company_id=None,
            price=Decimal("450.00"),
        )
        now = datetime.now(UTC)
        envelope = Envelope.wrap(
            event,
            producer="enrollment",
            occurred_at=now,
            correlation_id=f"bench-{booking.hex}",
        )
        body = envelope.model_dump_json()
        return envelope.event_id, envelope.name, body, envelope.correlation_id, now

    async def _write(
        self, connection: asyncpg.Connection, n: int, created: dict[UUID, float]
    ) -> None:
        rows = [self._row() for _ in range(n)]
        async with connection.transaction():
            await connection.execute(
                "INSERT INTO outbox (event_id, name, body, correlation_id, created_at) "
                "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[],"
                " $5::timestamptz[])",
                *[list(column) for column in zip(*rows, strict=True)],
            )
            # Announced at commit as enrollment's unit of work does (chassis.relay_wakeup):
            # its relay wakes on this commit, as on one made by another replica.
            await connection.execute("SELECT pg_notify($1, '')", channel_for("enrollment"))
        for row in rows:
            created[row[0]] = row[4].timestamp()

    async def run(self, count: int, rate: float | None = None, timeout: float = 300) -> Run:
        created: dict[UUID, float] = {}
        pool = await asyncpg.create_pool(self.stack.databases["enrollment"], min_size=2, max_size=4)
        cpu_before = self.stack.cpu_seconds(self.processes)
        try:
            if rate is None:
                async with pool.acquire() as connection:
                    for start in range(0, count, 500):
                        await self._write(connection, min(500, count - start), created)
            else:

                async def send(n: int) -> None:
                    async with pool.acquire() as connection:
                        await self._write(connection, n, created)

                await _paced(rate, count, send)
        finally:
            await pool.close()
        effects = await self._wait_effects(list(created), timeout)
        cpu = cpu_per_op(cpu_before, self.stack.cpu_seconds(self.processes), count)
        latencies = [(effects[i] - created[i]) * 1000 for i in created]
        span = max(effects.values()) - min(created.values())
        return Run("platform", count, count / span, latencies, rate, cpu)

    async def _wait_effects(self, ids: list[UUID], timeout: float) -> dict[UUID, float]:
        """Both effects' stamps per event, once every event has both."""
        deadline = time.monotonic() + timeout
        billing = await asyncpg.connect(self.stack.databases["billing"])
        notifications = await asyncpg.connect(self.stack.databases["notifications"])
        try:
            while True:
                billed = await _stamps(billing, BILLING_CONSUMER, ids)
                notified = await _stamps(notifications, NOTIFICATIONS_CONSUMER, ids)
                if len(billed) == len(ids) and len(notified) == len(ids):
                    return {i: max(billed[i], notified[i]) for i in ids}
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"pipeline: {len(billed)}/{len(ids)} billed, "
                        f"{len(notified)}/{len(ids)} notified after {timeout:.0f}s"
                    )
                await asyncio.sleep(0.25)
        finally:
            await billing.close()
            await notifications.close()


async def _stamps(
    connection: asyncpg.Connection, consumer: str, ids: list[UUID]
) -> dict[UUID, float]:
    """When `consumer` recorded each of the events `ids` it has recorded (epoch seconds)."""
    rows = await connection.fetch(
        "SELECT event_id, extract(epoch FROM processed_at)::float8 AS at FROM inbox "
        "WHERE consumer = $1 AND event_id = ANY($2::uuid[])",
        consumer,
        ids,
    )
    return {r["event_id"]: r["at"] for r in rows}


RAW_EXCHANGE = "bench.raw-fanout"
RAW_ROUTING_KEY = "bench.booking.validated"


class RawBaseline:
    """Persistent, confirmed publishes; consumers acking after one insert each.

    `fan_out` False: one quorum queue, one consumer (`raw-consumer`). True: a topic
    exchange and two quorum queues bound to the event, each with its consumer
    (`raw-billing`, `raw-notifications`) and its own database, as the platform has.
    """

    def __init__(self, stack: Stack, *, fan_out: bool = False) -> None:
        self.stack = stack
        self.fan_out = fan_out
        self.system = "raw fan-out" if fan_out else "raw aio-pika"
        names = ("raw-billing", "raw-notifications") if fan_out else ("raw-consumer",)
        self.queues = {
            name: (f"{RAW_EXCHANGE}.{name}" if fan_out else RAW_QUEUE) for name in names
        }
        self.consumers: dict[str, ServiceProcess] = {}
        self.connection: aio_pika.abc.AbstractConnection | None = None
        self.channel: aio_pika.abc.AbstractChannel | None = None
        self.exchange: aio_pika.abc.AbstractExchange | None = None

    async def start(self) -> None:
        self.connection = await aio_pika.connect(self.stack.rabbitmq_url)
        self.channel = await self.connection.channel(publisher_confirms=True)
        if self.fan_out:
            self.exchange = await self.channel.declare_exchange(
                RAW_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
            )
        else:
            self.exchange = self.channel.default_exchange
        for name, queue in self.queues.items():
            await self.channel.queue_delete(queue)
            declared = await self.channel.declare_queue(
                queue, durable=True, arguments={"x-queue-type": "quorum"}
            )
            if self.fan_out:
                await declared.bind(self.exchange, RAW_ROUTING_KEY)
            database = await self.stack.create_database(name.replace("-", "_"))
            connection = await asyncpg.connect(database)
            try:
                await connection.execute(
                    "CREATE TABLE IF NOT EXISTS raw_effects ("
                    " id uuid PRIMARY KEY, sent_at double precision NOT NULL,"
                    " committed_at double precision NOT NULL)"
                )
            finally:
                await connection.close()
            consumer = ServiceProcess(
                name,
                1,
                {**self.stack.env, "RAW_DATABASE_URL": database, "RAW_QUEUE": queue},
                self.stack.logs,
                argv=[sys.executable, "-m", "bench.raw_consumer"],
                cpus=SYSTEM_CPUS,
            )
            self.consumers[name] = consumer
            self.stack.processes[name] = consumer
        for name, queue in self.queues.items():
            await self._subscribed(name, queue)

    async def _subscribed(self, name: str, queue: str) -> None:
        if self.channel is None:
            raise RuntimeError("start() the baseline first")
        for _ in range(300):
            declared = await self.channel.declare_queue(queue, passive=True)
            if (declared.declaration_result.consumer_count or 0) >= 1:
                return
            if not self.consumers[name].running:
                raise RuntimeError(f"{name} exited:\n{self.consumers[name].tail()}")
            await asyncio.sleep(0.1)
        raise TimeoutError(f"{name} never subscribed")

    async def stop(self) -> None:
        """The consumers stopped (their connections freed), the queues and exchange deleted."""
        for consumer in self.consumers.values():
            if consumer.running:
                await asyncio.to_thread(consumer.stop)
        if self.channel is not None:
            for queue in self.queues.values():
                await self.channel.queue_delete(queue)
            if self.fan_out:
                await self.channel.exchange_delete(RAW_EXCHANGE)
        if self.connection is not None:
            await self.connection.close()

    async def _publish(self, n: int, sent: dict[UUID, float]) -> None:
        if self.exchange is None:
            raise RuntimeError("start() the baseline first")
        routing_key = RAW_ROUTING_KEY if self.fan_out else RAW_QUEUE
        publishes = []
        for _ in range(n):
            message_id = uuid4()
            stamp = time.time()
            sent[message_id] = stamp
            body = json.dumps({"id": str(message_id), "sent_at": stamp}).encode()
            publishes.append(
                self.exchange.publish(
                    aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=routing_key,
                    mandatory=True,
                )
            )
        await asyncio.gather(*publishes)

    async def run(self, count: int, rate: float | None = None, timeout: float = 300) -> Run:
        if not self.consumers:
            raise RuntimeError("start() the baseline first")
        sent: dict[UUID, float] = {}
        names = list(self.consumers)
        cpu_before = self.stack.cpu_seconds(names)
        if rate is None:
            for start in range(0, count, 200):  # windows of confirms, as the relay's batches
                await self._publish(min(200, count - start), sent)
        else:
            await _paced(rate, count, lambda n: self._publish(n, sent))
        stamps = await self._wait(list(sent), timeout)
        cpu = cpu_per_op(cpu_before, self.stack.cpu_seconds(names), count)
        latencies = [(stamps[i] - sent[i]) * 1000 for i in sent]
        span = max(stamps.values()) - min(sent.values())
        return Run(self.system, count, count / span, latencies, rate, cpu)

    async def _wait(self, ids: list[UUID], timeout: float) -> dict[UUID, float]:
        """The (later) effect's stamp per message, once every consumer has committed all."""
        deadline = time.monotonic() + timeout
        connections = [
            await asyncpg.connect(self.stack.databases[name.replace("-", "_")])
            for name in self.consumers
        ]
        try:
            while True:
                found: list[dict[UUID, float]] = []
                for connection in connections:
                    rows = await connection.fetch(
                        "SELECT id, committed_at FROM raw_effects WHERE id = ANY($1::uuid[])",
                        ids,
                    )
                    found.append({r["id"]: r["committed_at"] for r in rows})
                if all(len(stamps) == len(ids) for stamps in found):
                    return {i: max(stamps[i] for stamps in found) for i in ids}
                if time.monotonic() > deadline:
                    counts = "/".join(str(len(stamps)) for stamps in found)
                    raise TimeoutError(
                        f"{self.system}: {counts} of {len(ids)} after {timeout:.0f}s"
                    )
                await asyncio.sleep(0.1)
        finally:
            for connection in connections:
                await connection.close()
