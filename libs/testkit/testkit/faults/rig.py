"""`Rig`: what a fault scenario holds, the fleet, its faults, the reads and the ledger in one.

A scenario asks the rig, in the words of the scenario: start the services,
kill this replica, take that database away, wait until quiet, take the
ledger. The rig only wires the concerns of its sibling modules together and
keeps what a scenario set aside (a poison it published, a row it restored)
so the ledger does not count it. It is built by tests/faults/conftest.py on
fresh databases and empty queues, with the service definitions and their
process environment handed in.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import httpx

from chassis.clock import SystemClock
from contracts.identity import Role
from testkit import cluster
from testkit.faults.acknowledged import Acknowledged
from testkit.faults.databases import ServiceDatabases
from testkit.faults.deliveries import QUIET_TIMEOUT, Deliveries
from testkit.faults.fleet import Fleet
from testkit.faults.injection import (
    Fault,
    kill_rabbitmq_vm,
    rabbitmq_alarm,
    restart_rabbitmq,
    stop_rabbitmq_nodes,
)
from testkit.faults.ledger import Allowances, Ledger, take_ledger
from testkit.faults.mailbox import Mailbox
from testkit.faults.seed import seed
from testkit.processes import ServiceProcess, wait_ready
from testkit.proxy import TcpProxy
from testkit.tokens import TokenMinter, key_pair

ProcessEnvironment = Callable[[str, str, str], dict[str, str]]
"""(RabbitMQ URL, private key, public key) -> what every service process needs besides
its DATABASE_URL: `devstack.process_environment`, as the benchmark uses it too."""


HOLD_MARKING = """
CREATE FUNCTION fault_hold_marking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_sleep(60);
    RETURN NULL;
END $$;
CREATE TRIGGER fault_hold_marking BEFORE UPDATE ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION fault_hold_marking();
"""
MARKING_HELD = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
    "AND wait_event = 'PgSleep' AND query ILIKE 'UPDATE outbox SET published_at%'"
)
RELEASE_MARKING = """
DROP TRIGGER fault_hold_marking ON outbox;
DROP FUNCTION fault_hold_marking();
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()
    AND wait_event = 'PgSleep' AND query ILIKE 'UPDATE outbox SET published_at%';
"""
"""The trigger that holds a relay's marking UPDATE, and its removal: the held session
is ended, so its row locks do not hold the restarted relay back (SKIP LOCKED)."""

UNSENT_MESSAGES = "SELECT id FROM messages WHERE status IN ('pending', 'sending')"


class Rig:
    """Five services as processes on fresh databases; faults; the ledger."""

    def __init__(
        self,
        *,
        services: Sequence[str],
        environment: ProcessEnvironment,
        rabbitmq_url: str,
        broker_nodes: Sequence[cluster.RabbitNode],
        databases: dict[str, str],
        logs: Path,
        replicas: int,
        proxied: set[str],
    ) -> None:
        self.services = list(services)
        self.environment = environment
        self.rabbitmq_url = rabbitmq_url
        """What the services connect to: every node of the test cluster, comma-separated."""
        self.broker_nodes = tuple(broker_nodes)
        self.admin_url = self.broker_nodes[0].url
        """One node, for the rig's own reads and publishes."""
        self.databases = databases  # the services' own URLs (asyncpg), never proxied
        self.logs = logs
        self.replicas = replicas
        self.fleet = Fleet(self.services, databases, logs, replicas, proxied)
        self.store = ServiceDatabases(databases)
        self.deliveries = Deliveries(self.store, self.services, self.admin_url)
        self.allowances = Allowances()
        self.faults: list[Fault] = []
        self.private_key, self.public_key = key_pair()
        self.minter = TokenMinter(SystemClock(), private_key_pem=self.private_key)
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=3.0))
        self.staff = self.minter.headers(
            Role.ADMIN, email="ops@training.example", lifetime=timedelta(hours=2)
        )
        self.catalogue: dict[str, Any] = {}
        self.mailbox = Mailbox()
        """The SMTP server notifications delivers to: every email, received and counted."""
        self.acknowledged = Acknowledged()
        """The load's log of the writes the API answered 2xx for (`Driver` fills it)."""

    # --- what a scenario set aside: not held against the services ---------------------------

    @property
    def injected_event_ids(self) -> set[UUID]:
        """Events a test published itself (a poison): in no outbox, and not counted."""
        return self.allowances.injected_event_ids

    @property
    def restored_rows(self) -> set[str]:
        """Rows a test wrote itself (a repair): they have no event, and are not counted."""
        return self.allowances.restored_rows

    @property
    def expected_dead_letters(self) -> dict[str, int]:
        return self.allowances.expected_dead_letters

    # --- processes -------------------------------------------------------------------------

    @property
    def processes(self) -> dict[str, list[ServiceProcess]]:
        return self.fleet.processes

    @property
    def proxies(self) -> dict[str, TcpProxy]:
        return self.fleet.proxies

    async def start(self) -> None:
        environment = self.environment(self.rabbitmq_url, self.private_key, self.public_key)
        self.mailbox.start()
        await self.fleet.start({**environment, **self.mailbox.environment}, self.http)

    async def seed(self) -> None:
        """A catalogue, customers, and one in-company group open for participants."""
        await seed(self)

    def all_processes(self) -> list[ServiceProcess]:
        return self.fleet.all_processes()

    def url(self, service: str) -> str:
        """The next live replica of the service, in turn (a Service's load balancing)."""
        return self.fleet.url(service)

    async def stop(self) -> None:
        await self.fleet.stop()
        await self.http.aclose()
        self.mailbox.stop()

    # --- faults -----------------------------------------------------------------------------

    def fault_over(self, what: str) -> Fault:
        fault = Fault(what, time.monotonic())
        self.faults.append(fault)
        return fault

    async def kill_and_restart(self, process: ServiceProcess, down_seconds: float) -> Fault:
        process.kill()
        await asyncio.sleep(down_seconds)
        process.start()
        await wait_ready([process], self.http)
        return self.fault_over(f"SIGKILL {process}, restarted after {down_seconds:.0f}s")

    async def pause(self, process: ServiceProcess, seconds: float) -> Fault:
        process.pause()
        await asyncio.sleep(seconds)
        process.resume()
        return self.fault_over(f"SIGSTOP {process} for {seconds:.0f}s, then SIGCONT")

    async def database_away(self, service: str, seconds: float) -> Fault:
        proxy = self.proxies[service]
        proxy.cut()
        await asyncio.sleep(seconds)
        proxy.restore()
        return self.fault_over(f"{service}'s database unreachable for {seconds:.0f}s")

    async def database_blackholed(self, service: str, seconds: float) -> Fault:
        """The service's database connections go silent (packets dropped, nothing closed)."""
        proxy = self.proxies[service]
        proxy.blackhole()
        await asyncio.sleep(seconds)
        proxy.restore()
        return self.fault_over(f"{service}'s database blackholed for {seconds:.0f}s")

    async def promote_standby(self) -> Fault:
        """The PostgreSQL primary stopped (fast: its sessions cut) and the synchronous
        standby promoted, as an operator or CloudNativePG's failover does."""
        await asyncio.to_thread(cluster.pg_ctlcluster, cluster.PRIMARY, "stop", "-m", "fast")
        await asyncio.to_thread(cluster.pg_ctlcluster, cluster.STANDBY, "promote")
        return self.fault_over("PostgreSQL primary stopped, its standby promoted")

    async def relay_killed_before_marking(self, service: str) -> Fault:
        """SIGKILL of the service while its relay has published a batch and not yet marked
        it sent: a trigger on its outbox holds the marking UPDATE (pg_sleep) until the kill,
        so the crash lands exactly there. Restarted, the relay publishes those rows again:
        every consumer gets them twice, and its inbox must absorb the copies."""
        [process] = self.processes[service]
        await self.execute(service, HOLD_MARKING)
        try:
            deadline = time.monotonic() + 60
            while not await self.fetch(service, MARKING_HELD):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{service}'s relay never marked a batch")
                await asyncio.sleep(0.05)
            [held] = await self.fetch(
                service, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL"
            )
            process.kill()
        finally:
            await self.execute(service, RELEASE_MARKING)
        process.start()
        await wait_ready([process], self.http)
        return self.fault_over(
            f"SIGKILL {process} between publishing and marking sent "
            f"({held['n']} rows unmarked), restarted"
        )

    async def smtp_refusing(self, seconds: float) -> Fault:
        """The SMTP server answers 421 to every email for `seconds`."""
        await asyncio.to_thread(self.mailbox.refuse_for, seconds)
        return self.fault_over(f"SMTP server refusing every email for {seconds:.0f}s")

    async def measure_mail_recovery(self, fault: Fault, timeout: float = 180) -> None:
        """Seconds from the fault's end until every email that waited then has left."""
        waiting = [r["id"] for r in await self.fetch("notifications", UNSENT_MESSAGES)]
        fault.backlog = len(waiting)
        while time.monotonic() - fault.ended_at < timeout:
            left = await self.fetch("notifications", f"{UNSENT_MESSAGES} AND id = ANY($1)", waiting)
            if not left:
                fault.recovered_in = time.monotonic() - fault.ended_at
                return
            await asyncio.sleep(0.2)

    async def restart_broker(self, down_seconds: float) -> Fault:
        await asyncio.to_thread(restart_rabbitmq, down_seconds, self.broker_nodes)
        nodes = len(self.broker_nodes)
        return self.fault_over(
            f"RabbitMQ cluster ({nodes} nodes) restarted ({down_seconds:.0f}s down)"
        )

    async def kill_broker_node(self, down_seconds: float) -> Fault:
        """kill -9 of the VM of the node leading most of the platform's quorum queues."""
        node = await asyncio.to_thread(cluster.busiest_leader)
        await asyncio.to_thread(kill_rabbitmq_vm, node, down_seconds)
        return self.fault_over(
            f"kill -9 of {node.node} (leading the most queues), booted after {down_seconds:.0f}s"
        )

    async def stop_broker_nodes(self, count: int, down_seconds: float) -> Fault:
        """Stop `count` of the three nodes (1: a minority; 2: a majority), then start them."""
        nodes = self.broker_nodes[-count:]
        await asyncio.to_thread(stop_rabbitmq_nodes, nodes, down_seconds)
        names = ", ".join(n.node for n in nodes)
        share = "minority" if count * 2 < len(self.broker_nodes) else "majority"
        return self.fault_over(f"{share} of RabbitMQ stopped ({names}) for {down_seconds:.0f}s")

    async def broker_alarm(self, kind: str, seconds: float) -> Fault:
        """A memory or disk alarm on one node for `seconds`: publishers blocked cluster-wide."""
        node = self.broker_nodes[0]
        await asyncio.to_thread(rabbitmq_alarm, node, kind, seconds)
        return self.fault_over(f"RabbitMQ {kind} alarm on {node.node} for {seconds:.0f}s")

    async def measure_recovery(self, fault: Fault, timeout: float = 180) -> None:
        """Seconds from the fault's end until every cause committed by then has its effects."""
        await self.deliveries.measure_recovery(fault, timeout)

    # --- the services' databases and the broker, read directly ------------------------------

    async def fetch(self, service: str, query: str, *args: Any) -> list[asyncpg.Record]:
        return await self.store.fetch(service, query, *args)

    async def execute(self, service: str, script: str) -> None:
        await self.store.execute(service, script)

    async def queue_depths(self) -> dict[str, int]:
        """Messages waiting in every consumer queue and dead-letter queue (ready ones)."""
        return await self.deliveries.queue_depths()

    async def unpublished(self) -> dict[str, int]:
        return await self.store.unpublished(self.services)

    async def wait_quiet(self, timeout: float = QUIET_TIMEOUT) -> float:
        """Until no outbox holds an unpublished row, every delivery is recorded and no
        queue holds a message; the seconds it took (the ledger then tells what is left)."""
        return await self.deliveries.wait_quiet(timeout)

    # --- the ledger -------------------------------------------------------------------------

    async def ledger(self) -> Ledger:
        """Lost, duplicated, unexpected, stuck, half-written: see `testkit.faults.ledger`."""
        ledger = await take_ledger(
            self.store, self.deliveries, self.allowances, self.acknowledged, self.mailbox
        )
        ledger.duplicates_absorbed = sum(
            p.log.read_text(errors="replace").count("duplicate event skipped")
            for p in self.all_processes()
        )
        return ledger
