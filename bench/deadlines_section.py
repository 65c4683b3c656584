"""Section 3: 100,000 in-company groups whose deadlines fall due at once.

`bench.deadlines.seed_due_groups` writes the groups into incompany's database
in one transaction, each with its participant reminder due now (and its later
deadlines scheduled), while incompany runs. The clock starts at that commit
and stops when every reminder has fired and been recorded (its state settled
and its event in the outbox, in one transaction), then when the relay has
published every event. It is measured twice: with the one instance of
incompany on the services' core, then with a second instance on the other
core (the load generator is idle meanwhile), as the Kubernetes deployment runs
two replicas; the scans share the work through `FOR UPDATE SKIP LOCKED`.
Incompany scans every second here (`INCOMPANY_DEADLINE_POLL_SECONDS=1`; 30 s
in production, which would add up to 30 s before the first batch).
Notifications is stopped meanwhile: what consuming events costs is section
1's figure, and 100,000 reminders would otherwise share incompany's core.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg

from bench import deadlines
from bench.stack import LOAD_CPUS, Stack
from testkit.processes import cpu_seconds_of

DESCRIPTION = (
    "{count:,} groups, each with its participant reminder (3 weeks before, R-I6) due now and"
    " its later deadlines scheduled, written into incompany's database in one transaction"
    " while incompany runs (`bench/deadlines.py`). Timed from that commit until every reminder"
    " has fired and been recorded (state settled and event in the outbox, one transaction),"
    " then until the relay has published them all; first with one instance of incompany on the"
    " services' core, then with a second instance on the other core (the deployment runs two"
    " replicas; the load generator is idle meanwhile). Incompany scans every second here"
    " (30 s in production) and claims 500 due deadlines per transaction; notifications is"
    " stopped meanwhile."
)


async def measure_deadlines(stack: Stack, count: int, log: Callable[[str], None]) -> dict[str, Any]:
    stack.processes["notifications"].stop()
    runs = [await _measure(stack, count, log, instances=1)]
    second = await stack.add_instance("incompany", LOAD_CPUS)
    try:
        runs.append(await _measure(stack, count, log, instances=2))
    finally:
        second.stop()
    one, two = runs
    return {
        "count": count,
        "runs": runs,
        "settled_seconds": one["settled_seconds"],
        "relayed_seconds": one["relayed_seconds"],
        "settled_seconds_two": two["settled_seconds"],
        "relayed_seconds_two": two["relayed_seconds"],
        "cpu": {
            "incompany": one["cpu_ms_per_deadline"],
            "postgresql": one["postgresql_cpu_ms_per_deadline"],
        },
        "description": DESCRIPTION.format(count=count),
    }


async def _measure(
    stack: Stack, count: int, log: Callable[[str], None], *, instances: int
) -> dict[str, Any]:
    url = stack.databases["incompany"]
    processes = [stack.processes["incompany"]]
    if instances == 2:
        processes.append(stack.processes["incompany#2"])
    log(f"deadlines: writing {count:,} groups due now ({instances} instance(s) of incompany)")
    seeding = time.monotonic()
    await deadlines.seed_due_groups(url, count, now=datetime.now(UTC))
    started = time.monotonic()
    cpu_before = sum(p.cpu_seconds() for p in processes)
    backends = await _backend_cpu(stack, url)
    settled = await deadlines.wait_all_settled(url, count, timeout=900)
    cpu = sum(p.cpu_seconds() for p in processes) - cpu_before
    postgresql = sum(
        seconds - backends.get(pid, 0.0)
        for pid, seconds in (await _backend_cpu(stack, url)).items()
    )
    await deadlines.wait_all_relayed(url, timeout=900)
    relayed = time.monotonic() - started
    log(f"deadlines: fired and recorded in {settled:.1f} s, published in {relayed:.1f} s")
    return {
        "instances": instances,
        "seeded_seconds": started - seeding,
        "settled_seconds": settled,
        "relayed_seconds": relayed,
        "cpu_ms_per_deadline": cpu * 1000 / count,
        "postgresql_cpu_ms_per_deadline": postgresql * 1000 / count,
    }


async def _backend_cpu(stack: Stack, url: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving incompany's database (the
    services' connections: pooled, so the same backends before and after)."""
    database = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(stack.postgres_url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
    finally:
        await connection.close()
    found = {}
    for row in rows:
        with contextlib.suppress(OSError):  # a backend that has just ended
            found[row["pid"]] = cpu_seconds_of(row["pid"])
    return found
