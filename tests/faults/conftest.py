"""The fault suite's fixtures: a `rig` on fresh databases and empty queues, a load, the ledger.

The rig itself is the package `testkit.faults` (the fleet of service processes,
the load driver, the ledger and its checks, the report's figures); this file
wires it to the platform: which services (devstack's list), how a service
process is configured (devstack's `process_environment`), the session's
PostgreSQL, and the test cluster's three RabbitMQ nodes (`python -m testkit.cluster`,
the services given all three URLs): the suite restarts its broker, so it never
uses the machine's default node, which other work shares.

Figures: `FAULT_OPERATIONS` operations per scenario (the quick version in
`make test` uses the default; `make reliability` runs 2,000). The ledger is
printed at the end of the run and, with `RELIABILITY_REPORT=<file>`, written
as JSON for `docs/RELIABILITY.md` (`render_reliability.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import pytest_asyncio

from chassis.migrations import upgrade
from chassis.settings import hosts_in_query
from devstack.__main__ import SERVICES, process_environment
from testkit import cluster
from testkit.faults.ledger import Ledger
from testkit.faults.load import OPERATIONS, Driver, nrn
from testkit.faults.report import ScenarioResult, scenario_result, summary_lines, write_report
from testkit.faults.rig import Rig
from testkit.services import reset_queues

RESULTS: list[ScenarioResult] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS:
        return
    terminalreporter.write_sep("-", "fault suite ledger")
    for line in summary_lines(RESULTS):
        terminalreporter.write_line(line)
    report = os.environ.get("RELIABILITY_REPORT")
    if report:
        write_report(Path(report), RESULTS, operations_target=OPERATIONS)


@pytest_asyncio.fixture(loop_scope="session")
async def rig_factory(
    cluster_rabbitmq_urls: list[str],
    cluster_database_url: str,
    fresh_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
) -> AsyncIterator[Callable[..., Awaitable[Rig]]]:
    rigs: list[Rig] = []
    # The suite restarts its broker: the test cluster's nodes, never the machine's own node.
    rabbitmq_url = cluster_rabbitmq_urls[0]
    on_pair: list[str] = []

    async def pair_database() -> str:
        """A new database on the test cluster's PostgreSQL primary and standby: its
        multi-host URL, which follows a promotion."""
        name = f"test_{uuid.uuid4().hex}"
        admin = await asyncpg.connect(cluster_database_url)
        try:
            # applied on the standby before the commit is answered: connectable there at once
            await admin.execute("SET synchronous_commit = remote_apply")
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        on_pair.append(name)
        scheme, rest = cluster_database_url.split("://", 1)
        hosts, query = rest.split("/", 1)[0], rest.split("?", 1)[1]
        return f"{scheme}+asyncpg://{hosts}/{name}?{query}"

    async def start(
        *, replicas: int = 1, proxied: set[str] | None = None, standby: bool = False
    ) -> Rig:
        """`standby`: the services' databases on the PostgreSQL primary with its standby
        (a promotion scenario), else on the machine's PostgreSQL (reached through a proxy
        for the services in `proxied`)."""
        await reset_queues(rabbitmq_url)
        create = pair_database if standby else fresh_database
        databases = {d.name: await create() for d in SERVICES}
        for definition in SERVICES:  # once per service, as the migration Job does
            await asyncio.to_thread(
                upgrade, definition.migrations, hosts_in_query(databases[definition.name])
            )
        rig = Rig(
            services=[d.name for d in SERVICES],
            environment=process_environment,
            rabbitmq_url=",".join(cluster_rabbitmq_urls),
            broker_nodes=cluster.NODES,
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
    if on_pair:
        # back as found if a scenario promoted the standby: the old primary started, the
        # standby cloned from it again (which also forgets these databases' later writes)
        await asyncio.to_thread(cluster.up)
        admin = await asyncpg.connect(cluster_database_url)
        try:
            for name in on_pair:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture
def record() -> Callable[..., ScenarioResult]:
    """Record a scenario's figures for the ledger printed at the end."""

    def add(
        scenario: str, rig: Rig, driver: Driver, ledger: Ledger, **extra: Any
    ) -> ScenarioResult:
        result = scenario_result(scenario, rig, driver, ledger, notes=extra.get("notes"))
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
