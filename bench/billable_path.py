"""CPU and database round trips of billing's consumer of a validated booking, on PostgreSQL.

    uv run python -m bench.billable_path [N]

Starts billing in this process on a fresh PostgreSQL database (DATABASE_URL, the
in-process bus), hands it N `enrollment.booking.validated.v1` events through the
chassis (`chassis.consumers.handle_once`: a real unit of work, the inbox claim, the
handler, the commit) and prints the CPU per event (`time.process_time`: the whole
process, asyncpg's protocol included) and the statements each event sent, counted
as `bench.booking_path` counts them. Then N/4 copies re-published with a new event
id (the billable is recorded already) and N/4 cancellations overtaking their
validation (the billable is recorded cancelled), each with its own figure.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from bench.booking_path import _counting, count_round_trips
from billing.service import DEFINITION
from billing.settings import BillingSettings
from chassis.clock import ManualClock
from chassis.consumers import handle_once
from chassis.inprocess import InProcessBus
from chassis.logs import configure_logging
from contracts import Envelope, Event
from contracts.enrollment import BookingCancelledV1, BookingValidatedV1, SessionFacts, Trainee
from testkit.databases import throwaway_databases
from testkit.services import running_service
from testkit.tokens import TokenMinter

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
SESSION = SessionFacts(
    session_id=uuid.uuid4(),
    course_code="PY-101",
    course_title="Python pour débutants",
    starts_at=datetime(2026, 12, 7, 8, 30, tzinfo=UTC),
    ends_at=datetime(2026, 12, 8, 16, 0, tzinfo=UTC),
    location="Paris",
)


def validated() -> BookingValidatedV1:
    return BookingValidatedV1(
        booking_id=uuid.uuid4(),
        session=SESSION,
        trainee=Trainee(full_name="Tom Trainee", email="tom@corp.example"),
        placed_by_email="manager@corp.example",
        placed_by_user_id=uuid.uuid4(),
        company_id=uuid.uuid4(),
        language="fr",
        price=Decimal("1250.00"),
    )


def cancelled(booking_id: uuid.UUID) -> BookingCancelledV1:
    return BookingCancelledV1(
        booking_id=booking_id,
        session=SESSION,
        placed_by_email="manager@corp.example",
        language="fr",
        reason="Annulation",
    )


async def main(n: int) -> None:
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    async with throwaway_databases(admin, prefix="bench") as new_database:
        await _measure(await new_database(), n)


async def _measure(url: str, n: int) -> None:
    configure_logging("billing", "json", "INFO")  # as `python -m billing` runs it
    clock = ManualClock(NOW)
    settings = BillingSettings(
        service_name="billing",
        data_dir=Path(tempfile.mkdtemp()),
        jwt_public_key=TokenMinter(clock).public_key_pem,
        log_format="json",
        log_level="INFO",
        announce_retry_seconds=3600,
        database_url=url,
    )
    async with running_service(DEFINITION, settings, clock=clock, bus=InProcessBus()) as service:
        runtime = service.runtime
        count_round_trips(runtime.db.engine.sync_engine)
        consumers = {c.queue.event: c for c in DEFINITION.consumers}

        async def deliver(events: Sequence[Event]) -> tuple[float, Counter[str]]:
            envelopes = [
                Envelope.wrap(e, producer="bench", occurred_at=clock.now(), correlation_id="b")
                for e in events
            ]
            counter: Counter[str] = Counter()
            token = _counting.set(counter)
            cpu = time.process_time()
            try:
                for envelope, event in zip(envelopes, events, strict=True):
                    await handle_once(envelope, event, consumers[type(event)], runtime)
            finally:
                cpu = time.process_time() - cpu
                _counting.reset(token)
            return cpu, counter

        def report(label: str, count: int, cpu: float, counter: Counter[str]) -> None:
            per = {k: v / count for k, v in sorted(counter.items())}
            trips = sum(per.get(k, 0) for k in ("statements", "BEGIN", "COMMIT", "ROLLBACK"))
            sys.stdout.write(
                f"{label}: {count} events, {cpu / count * 1000:.3f} ms CPU each; "
                f"round trips {trips:g} (statements {per.get('statements', 0):g}: "
                f"{', '.join(f'{k} {v:g}' for k, v in per.items() if k != 'statements')})\n"
            )

        await deliver([validated() for _ in range(200)])  # warm up: caches, statements, pool
        first = [validated() for _ in range(n)]
        cpu, counter = await deliver(first)
        report("validated, first delivery", n, cpu, counter)
        copies = [e.model_copy() for e in first[: n // 4]]
        cpu, counter = await deliver(copies)
        report("re-published copy (new event id)", len(copies), cpu, counter)
        overtaken = [validated() for _ in range(n // 4)]
        await deliver([cancelled(e.booking_id) for e in overtaken])
        cpu, counter = await deliver(overtaken)
        report("validated after its cancellation", len(overtaken), cpu, counter)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
