"""CPU and database round trips of one booking request, in process, on PostgreSQL.

    uv run python -m bench.booking_path [N]     (RELAY=0: without the relay's share)

Starts enrollment in this process on a fresh PostgreSQL database (DATABASE_URL, the
in-process bus), places N booking requests through the ASGI app (httpx's ASGI transport,
no network) and prints the CPU per request (`time.process_time`, client and relay
included) and the statements each request sent (a `before_cursor_execute` counter
that only counts the request's own task, not the relay's), with the BEGIN and COMMIT
of each transaction counted from the engine's events.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.logs import configure_logging
from contracts.identity import Role
from enrollment.service import DEFINITION
from enrollment.settings import EnrollmentSettings
from testkit.databases import throwaway_databases
from testkit.services import running_service
from testkit.tokens import TokenMinter

_counting: contextvars.ContextVar[Counter[str] | None] = contextvars.ContextVar(
    "counting", default=None
)


def count_round_trips(engine: Any) -> None:
    """Count, into the current context's Counter, statements and transaction ends."""

    def _statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        counter = _counting.get()
        if counter is not None:
            counter["statements"] += 1
            if os.environ.get("SHOW_STATEMENTS"):
                sys.stderr.write(f"    {' '.join(statement.split())[:150]}\n")
            counter[statement.split(None, 1)[0].upper()] += 1

    def _transaction(kind: str) -> Any:
        def _listener(*_: Any) -> None:
            counter = _counting.get()
            if counter is not None:
                counter[kind] += 1

        return _listener

    event.listen(engine, "before_cursor_execute", _statement)
    for kind in ("begin", "commit", "rollback"):
        event.listen(engine, kind, _transaction(kind.upper()))


async def main(n: int) -> None:
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    async with throwaway_databases(admin, prefix="bench") as new_database:
        await _measure(await new_database(), n)


async def _measure(url: str, n: int) -> None:
    configure_logging("enrollment", "json", "INFO")  # as `python -m enrollment` runs it
    clock = ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))
    minter = TokenMinter(clock)
    settings = EnrollmentSettings(
        service_name="enrollment",
        data_dir=Path(tempfile.mkdtemp()),
        jwt_public_key=minter.public_key_pem,
        log_format="json",
        log_level="INFO",
        overdue_scan_seconds=3600,
        outbox_poll_seconds=3600 if os.environ.get("RELAY") == "0" else 5.0,
        database_url=url,
    )
    async with running_service(DEFINITION, settings, clock=clock, bus=InProcessBus()) as service:
        client = service.client
        count_round_trips(service.runtime.db.engine.sync_engine)
        if os.environ.get("RELAY") == "0":  # the request's CPU alone: the relay never wakes
            service.runtime.relay.wake = lambda: None  # type: ignore[method-assign]
        planner = minter.headers(
            Role.PLANNER, email="p@training.example", lifetime=timedelta(days=9)
        )
        course = (
            await client.post(
                "/courses",
                json={"code": "PY-101", "title": "Python", "list_price": "1000.00"},
                headers=planner,
            )
        ).json()
        starts = clock.now() + timedelta(days=30)
        session = (
            await client.post(
                "/sessions",
                json={
                    "course_id": course["id"],
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(hours=8)).isoformat(),
                    "location": "Paris",
                    "seats": 1000,
                },
                headers=planner,
            )
        ).json()
        people = [
            (
                f"p{i}@example.fr",
                minter.headers(
                    Role.INDIVIDUAL, email=f"p{i}@example.fr", lifetime=timedelta(days=9)
                ),
            )
            for i in range(n + 20)
        ]

        async def book(email: str, headers: dict[str, str]) -> Counter[str]:
            counter: Counter[str] = Counter()
            token = _counting.set(counter)
            try:
                answer = await client.post(
                    "/bookings",
                    json={
                        "session_id": session["id"],
                        "trainees": [{"full_name": "P", "email": email}],
                    },
                    headers=headers,
                )
            finally:
                _counting.reset(token)
            if answer.status_code != 201:
                raise RuntimeError(f"booking refused: {answer.text}")
            return counter

        live = time.process_time()
        for _ in range(n):  # the floor: the client and the middlewares, no handler
            await client.get("/health/live")
        live = time.process_time() - live
        for email, headers in people[:20]:  # warm up: caches, prepared statements, pool
            await book(email, headers)
        totals: Counter[str] = Counter()
        cpu, wall = time.process_time(), time.perf_counter()
        for email, headers in people[20:]:
            totals += await book(email, headers)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        await asyncio.sleep(0.5)  # let the relay finish
        sys.stdout.write(
            f"{n} booking requests: {cpu / n * 1000:.2f} ms CPU each, "
            f"{wall / n * 1000:.2f} ms wall each "
            f"(GET /health/live, the client's and middlewares' floor: {live / n * 1000:.2f} ms)\n"
        )
        per = {k: v / n for k, v in sorted(totals.items())}
        trips = (
            per.get("statements", 0)
            + per.get("BEGIN", 0)
            + per.get("COMMIT", 0)
            + per.get("ROLLBACK", 0)
        )
        sys.stdout.write(
            f"round trips per request: {trips:g} "
            f"(statements {per.get('statements', 0):g}, transactions {per.get('BEGIN', 0):g})\n"
            f"  by kind: {', '.join(f'{k} {v:g}' for k, v in per.items() if k != 'statements')}\n"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
