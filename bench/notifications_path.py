"""CPU and database round trips of notifications' consumer and delivery loop, on PostgreSQL.

    uv run python -m bench.notifications_path [N]

Starts notifications in this process on a fresh PostgreSQL database (DATABASE_URL, the
in-process bus, no delivery loop), then:

- **recording**: hands N `enrollment.booking.validated.v1` events (trainee and buyer
  differ, as in the event pipeline of `bench.pipeline`: two confirmation messages each)
  to their consumer through the chassis' own `handle_once`, with a real unit of work:
  the inbox claim, the handler, the commit. Prints the CPU per event
  (`time.process_time`) and the statements and transactions each sent.
- **delivery**: runs delivery passes until the 2N messages are out, the mailer being an
  in-memory stub that takes every email (so the figure is the loop's own: claim,
  compose, record the outcome), and prints the CPU and round trips per message.

The events are built before the clock starts: parsing an envelope is the consumers'
share, not notifications'.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.booking_path import _counting, count_round_trips
from chassis.clock import ManualClock
from chassis.consumers import handle_once
from chassis.inprocess import InProcessBus
from chassis.logs import configure_logging
from contracts import Envelope
from contracts.enrollment import BookingValidatedV1, SessionFacts, Trainee
from notifications.adapters.smtp import Outcome, Result
from notifications.entrypoints.scans import delivery_pass
from notifications.handlers import delivery
from notifications.service import DEFINITION
from notifications.settings import NotificationsSettings
from testkit.databases import throwaway_databases
from testkit.services import running_service
from testkit.tokens import TokenMinter

SESSION = SessionFacts(
    session_id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
    course_code="BENCH-1",
    course_title="Mesurer la plateforme",
    starts_at=datetime(2027, 3, 1, 8, tzinfo=UTC),
    ends_at=datetime(2027, 3, 1, 16, tzinfo=UTC),
    location="Bruxelles",
)
WARM_UP = 50


class TakingMailer:
    """Takes every email at once, in memory: the delivery loop's own cost, no SMTP."""

    def __init__(self) -> None:
        self.taken = 0

    async def send(self, email: Any, *, sender: str, recipient: str) -> Result:
        self.taken += 1
        return Result(Outcome.SENT)


async def main(n: int) -> None:
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    async with throwaway_databases(admin, prefix="bench") as new_database:
        await _measure(await new_database(), n)


def _envelopes(clock: ManualClock, count: int) -> list[tuple[Envelope, BookingValidatedV1]]:
    built = []
    for _ in range(count):
        booking = uuid.uuid4()
        event = BookingValidatedV1(
            booking_id=booking,
            session=SESSION,
            trainee=Trainee(full_name="Bench Trainee", email=f"t-{booking.hex[:12]}@bench.example"),
            placed_by_email="buyer@bench.example",
            placed_by_user_id=None,
            company_id=None,
            price=Decimal("450.00"),
        )
        envelope = Envelope.wrap(
            event, producer="enrollment", occurred_at=clock.now(), correlation_id="bench"
        )
        built.append((envelope, event))
    return built


def _trips(totals: Counter[str], per: int) -> str:
    each = {k: v / per for k, v in sorted(totals.items())}
    trips = sum(each.get(k, 0) for k in ("statements", "BEGIN", "COMMIT", "ROLLBACK"))
    kinds = ", ".join(f"{k} {v:.3g}" for k, v in each.items() if k != "statements")
    return f"round trips {trips:.3g} (statements {each.get('statements', 0):.3g}; {kinds})"


async def _measure(url: str, n: int) -> None:
    configure_logging("notifications", "json", "INFO")  # as `python -m notifications` runs it
    clock = ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))
    minter = TokenMinter(clock)
    settings = NotificationsSettings(
        service_name="notifications",
        data_dir=Path(tempfile.mkdtemp()),
        jwt_public_key=minter.public_key_pem,
        log_format="json",
        log_level="INFO",
        smtp_from="Formations <no-reply@training.example>",
        mail_folder=Path(tempfile.mkdtemp()),  # delivery configured; the stub takes the mail
        database_url=url,
    )
    mailer = TakingMailer()
    delivery.mailer_for = lambda _settings: mailer  # type: ignore[assignment]
    definition = dataclasses.replace(DEFINITION, background=[])  # passes run by hand
    [consumer] = [c for c in definition.consumers if c.queue.event is BookingValidatedV1]
    async with running_service(definition, settings, clock=clock, bus=InProcessBus()) as service:
        runtime = service.runtime
        count_round_trips(runtime.db.engine.sync_engine)
        events = _envelopes(clock, WARM_UP + n)
        for envelope, event in events[:WARM_UP]:  # caches, prepared statements, pool
            await handle_once(envelope, event, consumer, runtime)
        while (await delivery_pass(runtime)).claimed:
            pass

        totals: Counter[str] = Counter()
        token = _counting.set(totals)
        cpu = time.process_time()
        for envelope, event in events[WARM_UP:]:
            await handle_once(envelope, event, consumer, runtime)
        cpu = time.process_time() - cpu
        _counting.reset(token)
        sys.stdout.write(
            f"recording, {n} events (2 messages each): {cpu / n * 1000:.3f} ms CPU per event; "
            f"{_trips(totals, n)}\n"
        )

        taken = mailer.taken
        totals = Counter()
        token = _counting.set(totals)
        cpu = time.process_time()
        while (await delivery_pass(runtime)).claimed:
            pass
        cpu = time.process_time() - cpu
        _counting.reset(token)
        sent = mailer.taken - taken
        if sent != 2 * n:
            raise RuntimeError(f"{sent} messages delivered, {2 * n} expected")
        sys.stdout.write(
            f"delivery, {sent} messages (batches of {settings.delivery_batch_size}): "
            f"{cpu / sent * 1000:.3f} ms CPU per message; {_trips(totals, sent)}\n"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
