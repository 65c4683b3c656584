"""The fault suite's rig: the five services as processes, a load driver, faults, a ledger.

Test modules cannot import this file (pytest's importlib mode): they get a
`rig` fixture, started on fresh databases and empty queues, and call its methods.

- **Processes**: `python -m <service> serve` per replica (`testkit.processes`),
  on the real RabbitMQ and PostgreSQL, settings from the environment as in a
  container. A service's database may be reached through a TCP proxy of our
  own (`testkit.proxy.TcpProxy`), which the rig cuts to take it away.
- **Load**: `Driver` runs business operations that cause events, as customers,
  customer service and HR would through the REST APIs: bookings, validations,
  invoices, cancellations, in-company participants. Each operation counts
  once, when its answer is a success; what the services committed is read
  from their databases, not from the answers.
- **Faults**: the scenario injects them mid-stream (`Driver.at(fraction)`)
  and marks when each is over; `Rig.recovery` measures, for every cause
  committed before that moment, how long until all its effects were committed.
- **Ledger** (`Rig.ledger`), once the system is quiet, in the manner of the
  Jepsen "total queue" checker: every event in any outbox must have been
  recorded exactly once by every consumer bound to it (lost, unexpected), and
  every cause its business effects exactly once (billables, credit, order
  status, participant accounts, messages: lost, duplicated); nothing may be
  left in an outbox, a queue or a dead-letter queue (stuck); every committed
  row has its event and every event its row (half-written).

Figures: `FAULT_OPERATIONS` operations per scenario (the quick version in
`make test` uses the default; `make reliability` runs 2,000). The ledger is
printed at the end of the run and, with `RELIABILITY_REPORT=<file>`, written
as JSON for `docs/RELIABILITY.md`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import shutil
import subprocess
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import asyncpg
import httpx
import pytest
import pytest_asyncio
from yarl import URL

from accounts.adapters.signing import generate_key_pair
from chassis.clock import SystemClock
from chassis.migrations import upgrade
from contracts import QUEUES
from contracts.identity import Role
from devstack.__main__ import SERVICES, process_environment
from testkit.processes import ServiceProcess, wait_ready
from testkit.proxy import TcpProxy
from testkit.services import reset_queues
from testkit.tokens import TokenMinter

OPERATIONS = int(os.environ.get("FAULT_OPERATIONS", "300"))
"""Business operations per scenario: 300 in `make test`, 2,000 in `make reliability`."""
CONCURRENCY = int(os.environ.get("FAULT_CONCURRENCY", "8"))
QUIET_TIMEOUT = float(os.environ.get("FAULT_QUIET_TIMEOUT", "120"))
PDF = b"%PDF-1.4 fault suite document"
SERVICE_NAMES = [d.name for d in SERVICES]
CONSUMERS_OF: dict[str, list[str]] = defaultdict(list)
for _queue in QUEUES:
    CONSUMERS_OF[_queue.routing_key].append(_queue.name)


def consumer_service(queue_name: str) -> str:
    return queue_name.split(".", 1)[0]


def nrn(serial: int) -> str:
    """A valid Belgian national register number, one per serial (born 1980 onwards)."""
    born = date(1980, 1, 1) + timedelta(days=serial // 900)
    base = f"{born:%y%m%d}{serial % 900 + 1:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


# --- results, printed at the end and written for docs/RELIABILITY.md ---------------------------


@dataclass
class Fault:
    what: str
    ended_at: float
    recovered_in: float | None = None
    backlog: int | None = None
    """Deliveries of causes committed before the fault's end still missing at its end."""


@dataclass
class Ledger:
    events: int = 0
    deliveries_expected: int = 0
    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0
    stuck: int = 0
    half_written: int = 0
    effects_checked: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.lost or self.duplicated or self.unexpected or self.stuck or self.half_written
        )


@dataclass
class ScenarioResult:
    scenario: str
    replicas: int
    operations: int
    operations_by_kind: dict[str, int]
    refused: dict[str, int]
    seconds: float
    ledger: Ledger
    faults: list[Fault]
    notes: list[str] = field(default_factory=list)

    @property
    def time_to_recover(self) -> float | None:
        times = [f.recovered_in for f in self.faults if f.recovered_in is not None]
        return max(times) if times else None


RESULTS: list[ScenarioResult] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS:
        return
    terminalreporter.write_sep("-", "fault suite ledger")
    header = (
        f"{'scenario':<26}{'ops':>6}{'events':>8}{'deliv.':>8}{'lost':>6}{'dup.':>6}"
        f"{'stuck':>6}{'unexp.':>7}{'half':>6}{'recover s':>11}{'refused':>9}"
    )
    terminalreporter.write_line(header)
    for r in RESULTS:
        recover = f"{r.time_to_recover:.1f}" if r.time_to_recover is not None else "-"
        terminalreporter.write_line(
            f"{r.scenario:<26}{r.operations:>6}{r.ledger.events:>8}"
            f"{r.ledger.deliveries_expected:>8}{r.ledger.lost:>6}{r.ledger.duplicated:>6}"
            f"{r.ledger.stuck:>6}{r.ledger.unexpected:>7}{r.ledger.half_written:>6}"
            f"{recover:>11}{sum(r.refused.values()):>9}"
        )
        for fault in r.faults:
            took = (
                f"{fault.recovered_in:.2f}s" if fault.recovered_in is not None else "not measured"
            )
            terminalreporter.write_line(
                f"    {fault.what}: {fault.backlog} deliveries behind, caught up in {took}"
            )
        for line in r.ledger.details[:10] + r.notes:
            terminalreporter.write_line(f"    {line}")
    report = os.environ.get("RELIABILITY_REPORT")
    if report:
        path = Path(report)
        path.parent.mkdir(parents=True, exist_ok=True)
        document = [
            {**asdict(r), "time_to_recover": r.time_to_recover, "operations_target": OPERATIONS}
            for r in RESULTS
        ]
        path.write_text(json.dumps(document, indent=2))


# --- the rig -----------------------------------------------------------------------------------


@dataclass
class Customer:
    user_id: UUID
    email: str
    name: str
    headers: dict[str, str]


class Rig:
    """Five services as processes on fresh databases; faults; the ledger."""

    def __init__(
        self,
        *,
        rabbitmq_url: str,
        databases: dict[str, str],
        logs: Path,
        replicas: int,
        proxied: set[str],
    ) -> None:
        self.rabbitmq_url = rabbitmq_url
        self.databases = databases  # the services' own URLs (asyncpg), never proxied
        self.logs = logs
        self.replicas = replicas
        self.proxied = proxied
        self.proxies: dict[str, TcpProxy] = {}
        self.processes: dict[str, list[ServiceProcess]] = {}
        self.faults: list[Fault] = []
        self.private_key, self.public_key = generate_key_pair()
        self.minter = TokenMinter(SystemClock(), private_key_pem=self.private_key)
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=3.0))
        self._turn = Counter[str]()
        self.injected_event_ids: set[UUID] = set()
        """Events a test published itself (a poison): in no outbox, and not counted."""
        self.restored_rows: set[str] = set()
        """Rows a test wrote itself (a repair): they have no event, and are not counted."""
        self.expected_dead_letters: dict[str, int] = {}
        self.staff = self.minter.headers(
            Role.ADMIN, email="ops@training.example", lifetime=timedelta(hours=2)
        )
        self.catalogue: dict[str, Any] = {}

    # --- processes -------------------------------------------------------------------------

    async def start(self) -> None:
        for name in self.proxied:
            parsed = URL(self.databases[name])
            proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            await proxy.start()
            self.proxies[name] = proxy
        common = {
            **os.environ,
            **process_environment(self.rabbitmq_url, self.private_key, self.public_key),
            "OUTBOX_POLL_SECONDS": "0.2",
            "OUTBOX_MAX_BACKOFF_SECONDS": "1",
            "BROKER_RECONNECT_SECONDS": "0.5",
            "RETRY_BACKOFF_SECONDS": "0.05",
            "GRACEFUL_TIMEOUT_SECONDS": "5",
            "DATABASE_RETRY_MAX_SECONDS": "1",
            # 2 replicas x 5 services x 8 connections fit PostgreSQL's default 100.
            "DATABASE_POOL_SIZE": "4",
            "DATABASE_MAX_OVERFLOW": "4",
            "INCOMPANY_DEADLINE_POLL_SECONDS": "3600",
            "ENROLLMENT_OVERDUE_SCAN_SECONDS": "3600",
        }
        for definition in SERVICES:
            url = self.databases[definition.name]
            if definition.name in self.proxies:
                url = self.proxies[definition.name].url(url)
            env = {
                **common,
                "DATABASE_URL": url,
                "DATA_DIR": str(self.logs / definition.name),
            }
            self.processes[definition.name] = [
                ServiceProcess(definition.name, i, env, self.logs)
                for i in range(1, self.replicas + 1)
            ]
        await wait_ready(self.all_processes(), self.http)

    def all_processes(self) -> list[ServiceProcess]:
        return [p for group in self.processes.values() for p in group]

    def url(self, service: str) -> str:
        """The next live replica of the service, in turn (a Service's load balancing)."""
        live = [p for p in self.processes[service] if p.running] or self.processes[service]
        self._turn[service] += 1
        return live[self._turn[service] % len(live)].url

    async def stop(self) -> None:
        for process in self.all_processes():
            process.terminate()
        for process in self.all_processes():
            process.stop()
        for proxy in self.proxies.values():
            await proxy.close()
        await self.http.aclose()

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

    async def restart_broker(self, down_seconds: float) -> Fault:
        await asyncio.to_thread(restart_rabbitmq, down_seconds)
        return self.fault_over(f"RabbitMQ node restarted ({down_seconds:.0f}s down)")

    async def measure_recovery(self, fault: Fault, timeout: float = 180) -> None:
        """Seconds from the fault's end until every cause committed by then has its effects."""
        watermark = {name: await self._max_outbox_id(name) for name in SERVICE_NAMES}
        expected = await self._expected_deliveries(watermark)
        while time.monotonic() - fault.ended_at < timeout:
            missing = await self._missing_deliveries(expected)
            if fault.backlog is None:
                fault.backlog = missing
            if not missing:
                fault.recovered_in = time.monotonic() - fault.ended_at
                return
            await asyncio.sleep(0.2)

    # --- database reads (the services' own databases, directly) ----------------------------

    async def fetch(self, service: str, query: str, *args: Any) -> list[asyncpg.Record]:
        url = str(URL(self.databases[service]).with_scheme("postgresql"))
        connection = await asyncpg.connect(url)
        try:
            return list(await connection.fetch(query, *args))
        finally:
            await connection.close()

    async def execute(self, service: str, script: str) -> None:
        url = str(URL(self.databases[service]).with_scheme("postgresql"))
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(script)
        finally:
            await connection.close()

    async def _max_outbox_id(self, service: str) -> int:
        [row] = await self.fetch(service, "SELECT coalesce(max(id), 0) AS id FROM outbox")
        return int(row["id"])

    async def _expected_deliveries(self, watermark: dict[str, int]) -> dict[str, set[UUID]]:
        """consumer queue -> ids of the events it must have recorded, up to the watermark."""
        expected: dict[str, set[UUID]] = defaultdict(set)
        for service, last in watermark.items():
            for row in await self.fetch(
                service, "SELECT event_id, name FROM outbox WHERE id <= $1", last
            ):
                for queue in CONSUMERS_OF.get(row["name"], []):
                    expected[queue].add(row["event_id"])
        return expected

    async def _missing_deliveries(self, expected: dict[str, set[UUID]]) -> int:
        missing = 0
        by_service: dict[str, dict[str, set[UUID]]] = defaultdict(dict)
        for queue, ids in expected.items():
            by_service[consumer_service(queue)][queue] = ids
        for service, queues in by_service.items():
            rows = await self.fetch(
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

    async def unpublished(self) -> dict[str, int]:
        counts = {}
        for service in SERVICE_NAMES:
            [row] = await self.fetch(
                service, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL"
            )
            counts[service] = int(row["n"])
        return counts

    async def wait_quiet(self, timeout: float = QUIET_TIMEOUT) -> float:
        """Until no outbox holds an unpublished row, every delivery is recorded and no
        queue holds a message; the seconds it took (the ledger then tells what is left)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            backlog = sum((await self.unpublished()).values())
            if backlog == 0:
                watermark = {name: await self._max_outbox_id(name) for name in SERVICE_NAMES}
                missing = await self._missing_deliveries(await self._expected_deliveries(watermark))
                depths = await self.queue_depths()
                waiting = sum(n for name, n in depths.items() if not name.endswith(".dead-letter"))
                if missing == 0 and waiting == 0:
                    return time.monotonic() - started
            await asyncio.sleep(0.5)
        return time.monotonic() - started

    # --- the ledger -------------------------------------------------------------------------

    async def ledger(self) -> Ledger:
        ledger = Ledger()
        outboxes = {
            s: await self.fetch(s, "SELECT event_id, name, body, published_at FROM outbox")
            for s in SERVICE_NAMES
        }
        inboxes = {
            s: await self.fetch(s, "SELECT event_id, consumer FROM inbox") for s in SERVICE_NAMES
        }
        events: dict[UUID, tuple[str, dict[str, Any]]] = {}
        for rows in outboxes.values():
            for row in rows:
                events[row["event_id"]] = (row["name"], json.loads(row["body"])["payload"])
        ledger.events = len(events)

        # Deliveries: each event recorded once by each consumer bound to it.
        recorded = Counter(
            (row["event_id"], row["consumer"]) for rows in inboxes.values() for row in rows
        )
        for event_id, (name, _) in events.items():
            for queue in CONSUMERS_OF.get(name, []):
                ledger.deliveries_expected += 1
                if recorded[(event_id, queue)] == 0:
                    ledger.lost += 1
                    ledger.details.append(f"lost: {name} {event_id} never recorded by {queue}")
        for (event_id, queue), count in recorded.items():
            if event_id not in events and event_id not in self.injected_event_ids:
                ledger.unexpected += 1
                ledger.details.append(f"unexpected: {queue} recorded {event_id}, in no outbox")
            if count > 1:  # the primary key forbids it; counted all the same
                ledger.duplicated += count - 1

        # Stuck: left in an outbox, a queue or a dead-letter queue.
        for service, rows in outboxes.items():
            waiting = sum(1 for r in rows if r["published_at"] is None)
            if waiting:
                ledger.stuck += waiting
                ledger.details.append(f"stuck: {waiting} unpublished rows in {service}'s outbox")
        for name, depth in (await self.queue_depths()).items():
            allowed = self.expected_dead_letters.get(name, 0)
            if depth > allowed:
                ledger.stuck += depth - allowed
                ledger.details.append(f"stuck: {depth} messages in {name}")

        await self._business_effects(ledger, events)
        return ledger

    async def _business_effects(
        self, ledger: Ledger, events: dict[UUID, tuple[str, dict[str, Any]]]
    ) -> None:
        """Each cause's effects in the other services, exactly once; no half-written cause."""
        by_name: dict[str, list[tuple[UUID, dict[str, Any]]]] = defaultdict(list)
        for event_id, (name, payload) in events.items():
            by_name[name].append((event_id, payload))

        def once(what: str, counter: Counter[Any], keys: list[Any]) -> None:
            for key in keys:
                ledger.effects_checked += 1
                n = counter[key]
                if n == 0:
                    ledger.lost += 1
                    ledger.details.append(f"lost: no {what} for {key}")
                elif n > 1:
                    ledger.duplicated += n - 1
                    ledger.details.append(f"duplicated: {n} {what} for {key}")

        def source_once(name: str, key: str) -> Counter[Any]:
            counts = Counter(payload[key] for _, payload in by_name[name])
            for value, n in counts.items():
                if n > 1:
                    ledger.duplicated += n - 1
                    ledger.details.append(f"duplicated: {n} {name} for {key}={value}")
            return counts

        requested = source_once("enrollment.booking.requested.v1", "booking_id")
        validated = source_once("enrollment.booking.validated.v1", "booking_id")
        cancelled = source_once("enrollment.booking.cancelled.v1", "booking_id")
        invoices_issued = source_once("billing.invoice.issued.v1", "invoice_id")
        participants_added = Counter(
            p["participant"]["participant_id"] for _, p in by_name["incompany.participant.added.v1"]
        )

        # Half-written: a committed row without its event, or an event without its row.
        bookings = await self.fetch("enrollment", "SELECT id, status, invoiced_total FROM bookings")
        booking_ids = {str(b["id"]) for b in bookings}
        self._both_ways(ledger, "booking", booking_ids, set(requested))
        was_validated = {
            str(r["booking_id"])
            for r in await self.fetch(
                "enrollment",
                "SELECT DISTINCT booking_id FROM booking_history WHERE status = 'validated'",
            )
        }
        self._both_ways(ledger, "validated booking", was_validated, set(validated))
        invoices = await self.fetch(
            "billing", "SELECT id, reference_id, total_amount, kind FROM invoices"
        )
        self._both_ways(ledger, "invoice", {str(i["id"]) for i in invoices}, set(invoices_issued))
        participants = await self.fetch("incompany", "SELECT id, email FROM participants")
        self._both_ways(
            ledger, "participant", {str(p["id"]) for p in participants}, set(participants_added)
        )

        # Billing: one billable per validated booking, cancelled when the booking is.
        billables = await self.fetch(
            "billing",
            "SELECT reference_id, cancelled_at FROM billables WHERE kind = 'public_booking'",
        )
        once("billable", Counter(str(b["reference_id"]) for b in billables), list(validated))
        cancelled_billables = Counter(
            str(b["reference_id"]) for b in billables if b["cancelled_at"] is not None
        )
        once("cancelled billable", cancelled_billables, [b for b in cancelled if b in validated])
        invoiced_refs = {str(i["reference_id"]) for i in invoices if i["kind"] == "public_booking"}
        credit_notes = await self.fetch("billing", "SELECT reference_id FROM credit_notes")
        once(
            "credit note",
            Counter(str(c["reference_id"]) for c in credit_notes),
            [b for b in cancelled if b in invoiced_refs],
        )

        # Enrollment: the order status follows the invoices (R-C4).
        billed: dict[str, Any] = defaultdict(int)
        for invoice in invoices:
            billed[str(invoice["reference_id"])] += invoice["total_amount"]
        for booking in bookings:
            key = str(booking["id"])
            if key in billed:
                ledger.effects_checked += 1
                if booking["invoiced_total"] != billed[key]:
                    ledger.lost += 1
                    ledger.details.append(
                        f"lost: booking {key} shows {booking['invoiced_total']} invoiced, "
                        f"billing issued {billed[key]}"
                    )

        # Accounts: one account per participant's address (R-A7).
        users = Counter(
            r["email"]
            for r in await self.fetch("accounts", "SELECT lower(email) AS email FROM users")
        )
        once("account", users, sorted({p["email"].lower() for p in participants}))

        # Notifications: every event it consumes left at least one message, none twice.
        messages = await self.fetch(
            "notifications", "SELECT event_id, template, recipient_email FROM messages"
        )
        per_event = Counter(m["event_id"] for m in messages)
        notified = [
            event_id
            for event_id, (name, _) in events.items()
            if any(consumer_service(q) == "notifications" for q in CONSUMERS_OF.get(name, []))
        ]
        for event_id in notified:
            ledger.effects_checked += 1
            if per_event[event_id] == 0:
                ledger.lost += 1
                ledger.details.append(f"lost: no message for {events[event_id][0]} {event_id}")
        for key, n in Counter(
            (m["event_id"], m["template"], m["recipient_email"]) for m in messages
        ).items():
            if n > 1:
                ledger.duplicated += n - 1
                ledger.details.append(f"duplicated: {n} messages {key}")

    def _both_ways(self, ledger: Ledger, what: str, rows: set[str], events: set[str]) -> None:
        for key in rows - events - self.restored_rows:
            ledger.half_written += 1
            ledger.details.append(f"half-written: {what} {key} committed without its event")
        for key in events - rows:
            ledger.half_written += 1
            ledger.details.append(f"half-written: event for {what} {key}, no such row")

    # --- seeding ----------------------------------------------------------------------------

    async def seed(self) -> None:
        """A catalogue, customers, and one in-company group open for participants."""
        http = self.http
        course = await self.expect(
            201,
            http.post(
                f"{self.url('enrollment')}/courses",
                json={"code": "RELY-1", "title": "Fiabilité", "list_price": "900.00"},
                headers=self.staff,
            ),
        )
        sessions = []
        for week in range(12):  # 12,000 seats: more than any scenario books
            starts = f"2027-{1 + week:02d}-12T08:00:00+00:00"
            session = await self.expect(
                201,
                http.post(
                    f"{self.url('enrollment')}/sessions",
                    json={
                        "course_id": course["id"],
                        "starts_at": starts,
                        "ends_at": starts.replace("T08", "T16"),
                        "location": "Bruxelles",
                        "seats": 1000,
                    },
                    headers=self.staff,
                ),
            )
            sessions.append(session["id"])
        self.catalogue["sessions"] = sessions
        self.catalogue["customers"] = [self._customer(n) for n in range(40)]

        # In-company: a company registered in accounts, known to incompany by its event.
        registered = await self.expect(
            201,
            http.post(
                f"{self.url('accounts')}/companies/register",
                json={
                    "legal_name": "Fiable SA",
                    "country": "BE",
                    "registration_number": "0403170701",
                    "email": "manager@fiable.example",
                    "password": "a long and fine passphrase",
                    "full_name": "Marie Manager",
                },
            ),
        )
        company_id = UUID(registered["company"]["id"])
        manager = self.minter.headers(
            Role.ENROLLMENT_MANAGER,
            company_id=company_id,
            email="manager@fiable.example",
            lifetime=timedelta(hours=2),
        )
        hr = self.minter.headers(
            Role.HR,
            user_id=uuid4(),
            company_id=company_id,
            email="hr@fiable.example",
            lifetime=timedelta(hours=2),
        )
        await self.expect(
            201,
            http.post(
                f"{self.url('incompany')}/courses",
                json={
                    "code": "RELY-IC",
                    "title": "Fiabilité en entreprise",
                    "duration_minutes": 210,
                },
                headers=self.staff,
            ),
        )
        await self.expect(
            201,
            http.post(
                f"{self.url('incompany')}/training-plans",
                data={"year": "2027", "reference": "PLAN-2027"},
                files={"document": ("plan.pdf", PDF, "application/pdf")},
                headers=manager,
            ),
        )
        hr_contact = {"email": "hr@fiable.example", "full_name": "Hanna HR", "language": "fr"}
        deadline = time.monotonic() + 60
        while True:  # 409 until incompany has consumed accounts.company.registered.v1
            answer = await http.post(
                f"{self.url('incompany')}/requests",
                json={
                    "course_code": "RELY-IC",
                    "desired_from": "2027-06-01",
                    "desired_until": "2027-06-30",
                    "expected_participants": 8,
                    "hr_contact": hr_contact,
                },
                headers=manager,
            )
            if answer.status_code == 201:
                request = answer.json()
                break
            assert answer.status_code == 409, answer.text
            assert time.monotonic() < deadline, "incompany never learnt of the company"
            await asyncio.sleep(0.2)
        await self.expect(
            201,
            http.post(
                f"{self.url('incompany')}/requests/{request['id']}/availability",
                json={
                    "starts_at": "2027-06-14T06:00:00+00:00",
                    "ends_at": "2027-06-14T12:00:00+00:00",
                    "trainer_name": "Tina Trainer",
                },
                headers=self.staff,
            ),
        )
        proposed = await self.expect(
            201,
            http.post(
                f"{self.url('incompany')}/requests/{request['id']}/proposals",
                json={
                    "options": [
                        {
                            "sessions": [
                                {
                                    "starts_at": "2027-06-14T07:00:00+00:00",
                                    "ends_at": "2027-06-14T10:30:00+00:00",
                                }
                            ]
                        }
                    ]
                },
                headers=self.staff,
            ),
        )
        [group] = await self.expect(
            201,
            http.post(
                f"{self.url('incompany')}/requests/{request['id']}/confirmation",
                json={"proposal_id": proposed["proposals"][0]["id"]},
                headers=manager,
            ),
        )
        attestation = await self.expect(
            201,
            http.post(
                f"{self.url('incompany')}/attestations",
                data={"full_name": "Hanna HR", "position_title": "HR manager"},
                files={"document": ("attestation.pdf", PDF, "application/pdf")},
                headers=hr,
            ),
        )
        await self.expect(
            200,
            http.post(
                f"{self.url('incompany')}/attestations/{attestation['id']}/approval",
                headers=self.staff,
            ),
        )
        self.catalogue.update(group_id=group["id"], hr=hr)

    def _customer(self, n: int) -> Customer:
        user_id, email = uuid4(), f"customer{n}@rely.example"
        headers = self.minter.headers(
            Role.INDIVIDUAL, user_id=user_id, email=email, lifetime=timedelta(hours=2)
        )
        return Customer(user_id, email, f"Customer {n}", headers)

    @staticmethod
    async def expect(status: int, call: Awaitable[httpx.Response]) -> Any:
        answer = await call
        assert answer.status_code == status, f"{answer.status_code}: {answer.text}"
        return answer.json()


def restart_rabbitmq(down_seconds: float) -> None:
    """Stop the RabbitMQ application on the local node, wait, start it again."""
    ctl = shutil.which("rabbitmqctl")
    assert ctl, "rabbitmqctl is needed to restart the broker"
    subprocess.run([ctl, "-q", "stop_app"], check=True, capture_output=True, timeout=120)
    time.sleep(down_seconds)
    subprocess.run([ctl, "-q", "start_app"], check=True, capture_output=True, timeout=120)
    subprocess.run(
        [ctl, "-q", "await_startup", "--timeout", "60"], check=True, capture_output=True, timeout=90
    )


# --- the load --------------------------------------------------------------------------------

EVENTLESS = {"change request"}
"""Operations tallied but not counted: they cause no event (the resolution does)."""


class Driver:
    """Concurrent workers doing business operations until `target` have succeeded.

    The mix: bookings by individual customers, validations by customer
    service, invoices by billing staff once billing knows the booking,
    cancellations (the customer's change request, resolved by customer
    service), and participants entered by HR. Every answer is tallied;
    5xx and transport errors (a fault) are "refused" and the operation is
    tried again later on the same booking.
    """

    def __init__(self, rig: Rig, target: int = OPERATIONS, concurrency: int = CONCURRENCY) -> None:
        self.rig, self.target, self.concurrency = rig, target, concurrency
        self.done = Counter[str]()
        self.refused = Counter[str]()
        self.bodies_503: list[str] = []
        self.server_errors: list[str] = []
        self.pending: list[tuple[str, Customer]] = []
        self.validated: list[tuple[str, Customer]] = []
        self.invoiced: list[tuple[str, Customer]] = []
        self._triggers: list[tuple[float, asyncio.Event]] = []
        self._serial = 0
        self._random = random.Random(20261125)
        self.started = 0.0

    @property
    def operations(self) -> int:
        """Operations that caused an event (a change request alone causes none)."""
        return sum(n for kind, n in self.done.items() if kind not in EVENTLESS)

    def at(self, fraction: float) -> asyncio.Event:
        """An event set when `fraction` of the target operations have succeeded."""
        reached = asyncio.Event()
        self._triggers.append((fraction, reached))
        return reached

    async def run(self) -> None:
        self.started = time.monotonic()
        await asyncio.gather(*(self._worker() for _ in range(self.concurrency)))

    async def _worker(self) -> None:
        while self.operations < self.target:
            kind = self._choose()
            try:
                await getattr(self, f"_{kind}")()
            except httpx.TransportError as error:
                self.refused[f"{kind}: {type(error).__name__}"] += 1
                await asyncio.sleep(0.05)
            for fraction, reached in self._triggers:
                if self.operations >= fraction * self.target:
                    reached.set()

    def _choose(self) -> str:
        roll = self._random.random()
        if roll < 0.15:
            return "participant"
        if roll < 0.25 and self.validated:
            return "cancel"
        if roll < 0.40 and self.validated:
            return "invoice"
        if roll < 0.70 and self.pending:
            return "validate"
        return "book"

    def _tally(self, kind: str, answer: httpx.Response, ok: int) -> bool:
        if answer.status_code == ok:
            self.done[kind] += 1
            return True
        self.refused[f"{kind}: {answer.status_code}"] += 1
        if answer.status_code == 503:
            self.bodies_503.append(answer.text)
        elif answer.status_code >= 500:
            self.server_errors.append(f"{kind}: {answer.status_code} {answer.text[:300]}")
        return False

    async def _book(self) -> None:
        customer = self._random.choice(self.rig.catalogue["customers"])
        answer = await self.rig.http.post(
            f"{self.rig.url('enrollment')}/bookings",
            json={
                "session_id": self._random.choice(self.rig.catalogue["sessions"]),
                "trainees": [{"full_name": customer.name, "email": customer.email}],
            },
            headers=customer.headers,
        )
        if self._tally("booking", answer, 201):
            self.pending.extend((b["id"], customer) for b in answer.json())

    async def _validate(self) -> None:
        booking = self.pending.pop(0)
        try:
            answer = await self.rig.http.post(
                f"{self.rig.url('enrollment')}/bookings/{booking[0]}/validate",
                headers=self.rig.staff,
            )
        except httpx.TransportError:
            self.pending.append(booking)  # done or not: asked again later
            raise
        if self._tally("validation", answer, 200) or answer.status_code == 409:
            self.validated.append(booking)
        else:
            self.pending.append(booking)

    async def _invoice(self) -> None:
        booking = self.validated.pop(self._random.randrange(len(self.validated)))
        answer = await self.rig.http.post(
            f"{self.rig.url('billing')}/invoices",
            json={"reference_id": booking[0], "kind": "public_booking"},
            headers=self.rig.staff,
        )
        if answer.status_code == 404:  # billing has not heard of the validation yet
            self.validated.append(booking)
            return
        if self._tally("invoice", answer, 201):
            self.invoiced.append(booking)
        elif answer.status_code != 409:
            self.validated.append(booking)

    async def _cancel(self) -> None:
        pool = self.invoiced if self.invoiced and self._random.random() < 0.5 else self.validated
        booking_id, customer = pool.pop(self._random.randrange(len(pool)))
        answer = await self.rig.http.post(
            f"{self.rig.url('enrollment')}/bookings/{booking_id}/change-requests",
            json={"kind": "cancel", "message": "Nous ne pourrons pas venir."},
            headers=customer.headers,
        )
        if answer.status_code != 201:
            self._tally("change request", answer, 201)
            return
        self.done["change request"] += 1
        resolved = await self.rig.http.post(
            f"{self.rig.url('enrollment')}/change-requests/{answer.json()['id']}/resolve",
            json={"outcome": "cancelled", "reason": "À la demande du client"},
            headers=self.rig.staff,
        )
        self._tally("cancellation", resolved, 200)

    async def _participant(self) -> None:
        self._serial += 1
        serial = self._serial
        answer = await self.rig.http.post(
            f"{self.rig.url('incompany')}/groups/{self.rig.catalogue['group_id']}/participants",
            json={
                "full_name": f"Participant {serial}",
                "email": f"participant{serial}@fiable.example",
                "national_register_number": nrn(serial),
                "language": "fr",
            },
            headers=self.rig.catalogue["hr"],
        )
        self._tally("participant", answer, 201)


# --- fixtures --------------------------------------------------------------------------------


@pytest_asyncio.fixture(loop_scope="session")
async def rig_factory(
    rabbitmq_url: str, fresh_database: Callable[[], Awaitable[str]], tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Rig]]]:
    rigs: list[Rig] = []

    async def start(*, replicas: int = 1, proxied: set[str] | None = None) -> Rig:
        await reset_queues(rabbitmq_url)
        databases = {d.name: await fresh_database() for d in SERVICES}
        for definition in SERVICES:  # once per service, as the migration Job does
            await asyncio.to_thread(upgrade, definition.migrations, databases[definition.name])
        rig = Rig(
            rabbitmq_url=rabbitmq_url,
            databases=databases,
            logs=tmp_path,
            replicas=replicas,
            proxied=proxied or set(),
        )
        rigs.append(rig)
        await rig.start()
        await rig.seed()
        return rig

    yield start
    for rig in rigs:
        with contextlib.suppress(Exception):
            await rig.stop()
    await reset_queues(rabbitmq_url)


@pytest.fixture
def record() -> Callable[..., ScenarioResult]:
    """Record a scenario's figures for the ledger printed at the end."""

    def add(
        scenario: str, rig: Rig, driver: Driver, ledger: Ledger, **extra: Any
    ) -> ScenarioResult:
        result = ScenarioResult(
            scenario=scenario,
            replicas=rig.replicas,
            operations=driver.operations,
            operations_by_kind=dict(driver.done),
            refused=dict(driver.refused),
            seconds=round(time.monotonic() - driver.started, 1),
            ledger=ledger,
            faults=list(rig.faults),
            notes=list(extra.get("notes", [])),
        )
        RESULTS.append(result)
        return result

    return add


@pytest.fixture
def make_driver() -> Callable[..., Driver]:
    return Driver


@pytest.fixture(name="nrn")
def nrn_fixture() -> Callable[[int], str]:
    """The national register number the driver gave its n-th participant."""
    return nrn


@pytest.fixture
def long_run() -> bool:
    """`make reliability`: longer and more faults than the quick version in `make test`."""
    return OPERATIONS >= 1000
