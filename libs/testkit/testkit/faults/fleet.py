"""The fleet: every service as operating-system processes, one per replica, as containers run.

`python -m <service> serve` with its settings in the environment, on the real
RabbitMQ and PostgreSQL: what a pod runs, so that a SIGKILL, a SIGSTOP or a
cut database does to it what it would do in production. A service's database
may be reached through a TCP proxy of ours (`testkit.proxy.TcpProxy`), which
the rig cuts to take the database away; the rig's own reads never go through
it. Calls are spread over the live replicas in turn, as a Service would.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import httpx
from yarl import URL

from testkit.processes import ServiceProcess, wait_ready
from testkit.proxy import TcpProxy

QUICK_RECOVERY: dict[str, str] = {
    "OUTBOX_POLL_SECONDS": "0.2",
    "OUTBOX_MAX_BACKOFF_SECONDS": "1",
    "BROKER_RECONNECT_SECONDS": "0.5",
    "RETRY_BACKOFF_SECONDS": "0.05",
    "GRACEFUL_TIMEOUT_SECONDS": "5",
    "DATABASE_RETRY_MAX_SECONDS": "1",
    # 2 replicas x 5 services x 8 connections fit PostgreSQL's default 100.
    "DATABASE_POOL_SIZE": "4",
    "DATABASE_MAX_OVERFLOW": "4",
    # The scans run every second, under the faults too. In-company deadlines come due at
    # once for the groups the load plans (their class 60 days ahead): the reminder to
    # enter participants (R-I6) 80 days before, the definitive confirmation (R-I9) 70
    # days before; and a cancellation within 120 days of the class is charged (R-I14).
    # The seeded group, in June 2027, is past none of them.
    "INCOMPANY_DEADLINE_POLL_SECONDS": "1",
    "INCOMPANY_PARTICIPANT_REMINDER_DAYS": "80",
    "INCOMPANY_DEFINITIVE_CONFIRMATION_DAYS": "70",
    "BILLING_LATE_CANCELLATION_DAYS": "120",
    "ENROLLMENT_OVERDUE_SCAN_SECONDS": "2",
}
"""Settings of every process: short waits so a scenario recovers in seconds, small pools
so that two replicas of each service fit one PostgreSQL, and the periodic scans on, with
deadlines that come due for the groups the load plans."""


class Fleet:
    """Replicas of each service as processes, and the proxies in front of their databases."""

    def __init__(
        self,
        services: list[str],
        databases: dict[str, str],
        logs: Path,
        replicas: int,
        proxied: set[str],
    ) -> None:
        self.services = services
        self.databases = databases
        self.logs = logs
        self.replicas = replicas
        self.proxied = proxied
        self.proxies: dict[str, TcpProxy] = {}
        self.processes: dict[str, list[ServiceProcess]] = {}
        self._turn = Counter[str]()

    async def start(self, environment: dict[str, str], http: httpx.AsyncClient) -> None:
        """Start the proxies, then every replica, and wait until all answer ready."""
        for name in self.proxied:
            parsed = URL(self.databases[name])
            proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            await proxy.start()
            self.proxies[name] = proxy
        common = {**os.environ, **environment, **QUICK_RECOVERY}
        for service in self.services:
            url = self.databases[service]
            if service in self.proxies:
                url = self.proxies[service].url(url)
            env = {**common, "DATABASE_URL": url, "DATA_DIR": str(self.logs / service)}
            self.processes[service] = [
                ServiceProcess(service, i, env, self.logs) for i in range(1, self.replicas + 1)
            ]
        await wait_ready(self.all_processes(), http)

    def all_processes(self) -> list[ServiceProcess]:
        return [p for group in self.processes.values() for p in group]

    def url(self, service: str) -> str:
        """The next live replica of the service, in turn (a Service's load balancing)."""
        live = [p for p in self.processes[service] if p.running] or self.processes[service]
        self._turn[service] += 1
        return live[self._turn[service] % len(live)].url

    async def stop(self) -> None:
        """SIGTERM to all at once (a graceful shutdown each), then wait; close the proxies."""
        for process in self.all_processes():
            process.terminate()
        for process in self.all_processes():
            process.stop()
        for proxy in self.proxies.values():
            await proxy.close()
