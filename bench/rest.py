"""Section 2: booking requests through the gateway, beside two baselines.

The customers are individuals registered in accounts (written straight into
its database, with one real password hash: registering thousands through the
API would spend minutes in argon2), so the `booking.requested` event that
each booking causes finds its trainee's account, as it does for a customer
who books on the website.

All three go through the same nginx gateway (deploy/nginx/gateway.conf) with
the same kind of request body and bearer token (each request its own
customer), at the same closed-loop concurrency, made by wrk on the load core
(`bench.load_generator`):

- **platform**: `POST /enrollment/bookings` as a customer: token verified, seat
  counted under its lock, booking rows and the `booking.requested` event
  committed together (which then makes accounts invite the trainee);
- **minimal**: `POST /minimal/bookings` (`bench.minimal_app`): the same work
  hand-written, the token verified and one asyncpg transaction taking the
  seat, inserting the booking and its outbox row: the target's baseline;
- **bare**: `POST /bare/bookings` (`bench.bare_app`): FastAPI, pydantic, one
  insert into the same PostgreSQL, no token: the floor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

import asyncpg

from accounts.adapters.password_hashing import hash_password
from bench import load_generator, minimal_app
from bench.measures import Run, cpu_per_op
from bench.stack import Stack
from contracts.identity import Role

SEATS_PER_SESSION = 1000
REQUESTS_PER_SESSION = 900
CUSTOMERS = 1000
"""More customers than requests per session: nobody books the same session twice."""
MINIMAL_MOST_PER_SECOND = 10_000
"""The minimal baseline's sessions are seeded for this rate at most (rows are cheap)."""

SYSTEMS = {
    "platform": "/enrollment/bookings",
    "minimal": "/minimal/bookings",
    "bare": "/bare/bookings",
}
PROCESSES = {
    "platform": ["enrollment", "accounts", "notifications"],
    "minimal": ["minimal"],
    "bare": ["bare"],
}
"""The processes whose CPU each system's requests cost (on the services' core)."""


@dataclass
class Customer:
    user_id: UUID
    email: str
    name: str


@dataclass
class Catalogue:
    sessions: list[str]
    """Enrollment's sessions, for the platform's requests."""
    minimal_sessions: list[str]
    """The minimal baseline's own sessions (the bare one takes their ids as they come)."""
    customers: list[Customer]


async def register_customers(stack: Stack, count: int) -> list[Customer]:
    """`count` individual accounts in accounts' database, as registration leaves them."""
    password_hash = await hash_password("a long benchmark passphrase")
    customers = [
        Customer(uuid4(), f"customer{n}@bench.example", f"Customer {n}") for n in range(count)
    ]
    connection = await asyncpg.connect(stack.databases["accounts"])
    try:
        await connection.executemany(
            "INSERT INTO users (id, email, full_name, password_hash, language, account_kind,"
            " roles, company_id, created_at)"
            " VALUES ($1, $2, $3, $4, 'fr', 'individual', '[\"individual\"]', NULL, now())",
            [(c.user_id, c.email, c.name, password_hash) for c in customers],
        )
    finally:
        await connection.close()
    return customers


async def seed(stack: Stack, bookings_needed: int, seconds: float) -> Catalogue:
    """A course and enough sessions (1,000 seats each) through the gateway, as staff, for
    `bookings_needed` platform requests; the minimal baseline's for `seconds` of its load."""
    staff = stack.minter.headers(Role.ADMIN, email="ops@bench.example", lifetime=timedelta(hours=4))
    http, gateway = stack.http, stack.gateway_url
    answer = await http.post(
        f"{gateway}/enrollment/courses",
        json={"code": "BENCH-REST", "title": "Réserver vite", "list_price": "450.00"},
        headers=staff,
    )
    answer.raise_for_status()
    course = answer.json()
    sessions = []
    for n in range(bookings_needed // REQUESTS_PER_SESSION + 1):
        starts = f"2027-{1 + n % 12:02d}-{1 + n // 12:02d}T08:00:00+00:00"
        answer = await http.post(
            f"{gateway}/enrollment/sessions",
            json={
                "course_id": course["id"],
                "starts_at": starts,
                "ends_at": starts.replace("T08", "T16"),
                "location": "Bruxelles",
                "seats": SEATS_PER_SESSION,
            },
            headers=staff,
        )
        answer.raise_for_status()
        sessions.append(answer.json()["id"])
    minimal = await minimal_app.seed(
        stack.databases["minimal"],
        int(seconds * MINIMAL_MOST_PER_SECOND) // REQUESTS_PER_SESSION + 1,
        SEATS_PER_SESSION,
    )
    return Catalogue(
        sessions, [str(s) for s in minimal], await register_customers(stack, CUSTOMERS)
    )


class BookingLoad:
    """wrk's closed loop: `concurrency` connections, each sending its next request on an
    answer; each system's requests numbered on from where its last run stopped."""

    def __init__(self, stack: Stack, catalogue: Catalogue, concurrency: int) -> None:
        self.stack, self.concurrency = stack, concurrency
        customers = [
            load_generator.Customer(
                stack.minter.token(
                    Role.INDIVIDUAL, user_id=c.user_id, email=c.email, lifetime=timedelta(hours=4)
                ),
                json.dumps({"full_name": c.name, "email": c.email}),
            )
            for c in catalogue.customers
        ]
        directory = stack.workdir / "wrk"
        directory.mkdir(exist_ok=True)
        sessions = {
            "platform": catalogue.sessions,
            "minimal": catalogue.minimal_sessions,
            "bare": catalogue.minimal_sessions,
        }
        self._data = {
            system: load_generator.write_data(directory / f"{system}.tsv", customers, listed)
            for system, listed in sessions.items()
        }
        self._next = dict.fromkeys(SYSTEMS, 0)
        self._log = stack.logs / "wrk.log"

    async def run(self, system: str, seconds: float) -> Run:
        """`system`: "platform", "minimal" or "bare"; counts 201s only."""
        names = PROCESSES[system]
        cpu_before = self.stack.cpu_seconds(names)
        result = await load_generator.run_wrk(
            f"{self.stack.gateway_url}{SYSTEMS[system]}",
            self._data[system],
            offset=self._next[system],
            per_session=REQUESTS_PER_SESSION,
            connections=self.concurrency,
            seconds=seconds,
            log=self._log,
        )
        cpu = cpu_per_op(cpu_before, self.stack.cpu_seconds(names), result.created)
        self._next[system] += result.threads * result.sent_most
        return Run(
            system,
            result.created,
            result.created / result.seconds,
            [],
            None,
            cpu,
            result.answers,
            socket_errors=result.socket_errors,
            percentiles_ms=(result.p50_ms, result.p99_ms),
            generator={
                "cpu_ms_per_request": result.cpu_ms_per_request,
                "core_share": result.core_share,
            },
        )
