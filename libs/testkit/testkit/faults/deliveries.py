"""Which events each consumer must record, which it has, and what still waits in the broker.

Every consumer records an event it handled in its service's inbox, in the
same transaction as the effects; so "delivered" is read from the inboxes, not
guessed from the broker. `Deliveries` answers the two questions the
scenarios ask while and after a fault runs: how long until every cause
committed before the fault's end had all its effects (`measure_recovery`),
and when the system is quiet enough for the ledger (`wait_quiet`).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import defaultdict
from uuid import UUID

import aio_pika

from contracts import QUEUES
from testkit.faults.databases import ServiceDatabases
from testkit.faults.injection import Fault

QUIET_TIMEOUT = float(os.environ.get("FAULT_QUIET_TIMEOUT", "120"))
"""Seconds `wait_quiet` waits before handing over to the ledger, quiet or not."""

CONSUMERS_OF: dict[str, list[str]] = defaultdict(list)
"""Event name -> the consumer queues bound to it (the contracts' topology)."""
for _queue in QUEUES:
    CONSUMERS_OF[_queue.routing_key].append(_queue.name)


def consumer_service(queue_name: str) -> str:
    """The service owning a consumer queue: queues are named `<service>.<purpose>`."""
    return queue_name.split(".", 1)[0]


class Deliveries:
    """Outboxes against inboxes across the services, and the broker's queues."""

    def __init__(self, databases: ServiceDatabases, services: list[str], rabbitmq_url: str):
        self.databases = databases
        self.services = services
        self.rabbitmq_url = rabbitmq_url

    async def watermark(self) -> dict[str, int]:
        """Each service's newest outbox row: the causes committed so far."""
        return {name: await self.databases.max_outbox_id(name) for name in self.services}

    async def expected(self, watermark: dict[str, int]) -> dict[str, set[UUID]]:
        """consumer queue -> ids of the events it must have recorded, up to the watermark."""
        expected: dict[str, set[UUID]] = defaultdict(set)
        for service, last in watermark.items():
            for row in await self.databases.fetch(
                service, "SELECT event_id, name FROM outbox WHERE id <= $1", last
            ):
                for queue in CONSUMERS_OF.get(row["name"], []):
                    expected[queue].add(row["event_id"])
        return expected

    async def missing(self, expected: dict[str, set[UUID]]) -> int:
        """Expected deliveries no consumer's inbox holds yet."""
        missing = 0
        by_service: dict[str, dict[str, set[UUID]]] = defaultdict(dict)
        for queue, ids in expected.items():
            by_service[consumer_service(queue)][queue] = ids
        for service, queues in by_service.items():
            rows = await self.databases.fetch(
                service,
                "SELECT consumer, count(*) AS n FROM inbox "
                "WHERE consumer = ANY($1) AND event_id = ANY($2) GROUP BY consumer",
                list(queues),
                list({i for ids in queues.values() for i in ids}),
            )
            seen = {r["consumer"]: r["n"] for r in rows}
            missing += sum(len(ids) - seen.get(queue, 0) for queue, ids in queues.items())
        return missing

    async def queue_depths(self) -> dict[str, int]:
        """Messages waiting in every consumer queue and dead-letter queue (ready ones)."""
        connection = await aio_pika.connect(self.rabbitmq_url)
        depths = {}
        async with connection:
            channel = await connection.channel()
            for queue in QUEUES:
                for name in (queue.name, queue.dead_letter_queue):
                    declared = await channel.declare_queue(name, passive=True)
                    depths[name] = declared.declaration_result.message_count or 0
        return depths

    async def measure_recovery(self, fault: Fault, timeout: float = 180) -> None:
        """Seconds from the fault's end until every cause committed by then has its effects."""
        expected = await self.expected(await self.watermark())
        while time.monotonic() - fault.ended_at < timeout:
            missing = await self.missing(expected)
            if fault.backlog is None:
                fault.backlog = missing
            if not missing:
                fault.recovered_in = time.monotonic() - fault.ended_at
                return
            await asyncio.sleep(0.2)

    async def wait_quiet(self, timeout: float = QUIET_TIMEOUT) -> float:
        """Until no outbox holds an unpublished row, no email waits to be sent, every
        delivery is recorded and no queue holds a message; the seconds it took (the
        ledger then tells what is left)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            backlog = sum((await self.databases.unpublished(self.services)).values())
            if "notifications" in self.services:
                backlog += await self.databases.unsent_messages()  # emails still to leave
            if backlog == 0:
                missing = await self.missing(await self.expected(await self.watermark()))
                depths = await self.queue_depths()
                waiting = sum(n for name, n in depths.items() if not name.endswith(".dead-letter"))
                if missing == 0 and waiting == 0:
                    return time.monotonic() - started
            await asyncio.sleep(0.5)
        return time.monotonic() - started
