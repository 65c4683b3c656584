"""Section 3: 100,000 in-company groups whose deadlines fall due at once.

`bench.deadlines.seed_due_groups` writes the groups into incompany's database
in one transaction, each with its participant reminder due now (and its later
deadlines scheduled), while incompany runs. The clock starts at that commit
and stops when every reminder has fired and been recorded (its state settled
and its event in the outbox, in one transaction), then when the relay has
published every event. Incompany scans every second here
(`INCOMPANY_DEADLINE_POLL_SECONDS=1`; 30 s in production, which would add up
to 30 s before the first batch). Notifications is stopped meanwhile: what
consuming events costs is section 1's figure, and 100,000 reminders would
otherwise share incompany's core with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench import deadlines
from bench.stack import Stack

DESCRIPTION = (
    "{count:,} groups, each with its participant reminder (3 weeks before, R-I6) due now and"
    " its later deadlines scheduled, written into incompany's database in one transaction"
    " while incompany runs (`bench/deadlines.py`). Timed from that commit until every reminder"
    " has fired and been recorded (state settled and event in the outbox, one transaction),"
    " then until the relay has published them all. Incompany scans every second here (30 s in"
    " production) and claims 500 due deadlines per transaction; notifications is stopped"
    " meanwhile, so incompany has its core to itself."
)


async def measure_deadlines(stack: Stack, count: int, log: Callable[[str], None]) -> dict[str, Any]:
    url = stack.databases["incompany"]
    incompany = stack.processes["incompany"]
    stack.processes["notifications"].stop()
    log(f"deadlines: writing {count:,} groups due now into incompany's database")
    cpu_before = incompany.cpu_seconds()
    seeding = time.monotonic()
    await deadlines.seed_due_groups(url, count, now=datetime.now(UTC))
    started = time.monotonic()
    settled = await deadlines.wait_all_settled(url, count, timeout=900)
    cpu_settled = incompany.cpu_seconds() - cpu_before
    await deadlines.wait_all_relayed(url, timeout=900)
    relayed = time.monotonic() - started
    log(f"deadlines: fired and recorded in {settled:.1f} s, published in {relayed:.1f} s")
    return {
        "count": count,
        "seeded_seconds": started - seeding,
        "settled_seconds": settled,
        "relayed_seconds": relayed,
        "cpu": {"incompany": cpu_settled * 1000 / count},
        "description": DESCRIPTION.format(count=count),
    }
