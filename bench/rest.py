"""Section 2: booking requests through the gateway, beside a bare endpoint.

The customers are individuals registered in accounts (written straight into
its database, with one real password hash: registering thousands through the
API would spend minutes in argon2), so the `booking.requested` event that
each booking causes finds its trainee's account, as it does for a customer
who books on the website.

Both go through the same nginx gateway (deploy/nginx/gateway.conf) with the
same request body and bearer token, at the same closed-loop concurrency:

- **platform**: `POST /enrollment/bookings` as a customer: token verified, seat
  counted under its lock, booking rows and the `booking.requested` event
  committed together (which then makes accounts invite the trainee);
- **bare**: `POST /bare/bookings` (`bench.bare_app`): FastAPI, pydantic, one
  insert into the same PostgreSQL.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

import asyncpg
import httpx

from accounts.adapters.password_hashing import hash_password
from bench.measures import Run, cpu_per_op
from bench.stack import Stack
from contracts.identity import Role

SEATS_PER_SESSION = 1000
REQUESTS_PER_SESSION = 900
CUSTOMERS = 1000
"""More customers than requests per session: nobody books the same session twice."""


@dataclass
class Customer:
    user_id: UUID
    email: str
    name: str


@dataclass
class Catalogue:
    sessions: list[str]
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


async def seed(stack: Stack, bookings_needed: int) -> Catalogue:
    """A course and enough sessions (1,000 seats each) through the gateway, as staff."""
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
    return Catalogue(sessions, await register_customers(stack, CUSTOMERS))


class BookingLoad:
    """A closed loop: `concurrency` clients, each sending its next request on an answer."""

    def __init__(self, stack: Stack, catalogue: Catalogue, concurrency: int) -> None:
        self.stack, self.catalogue, self.concurrency = stack, catalogue, concurrency
        self._serial = itertools.count()
        self._headers = [
            stack.minter.headers(
                Role.INDIVIDUAL, user_id=c.user_id, email=c.email, lifetime=timedelta(hours=4)
            )
            for c in catalogue.customers
        ]

    def _request(self) -> tuple[dict[str, object], dict[str, str]]:
        """A registered individual customer enrolling themself (R-A2), with their token."""
        n = next(self._serial)
        customer = self.catalogue.customers[n % len(self.catalogue.customers)]
        # Each session takes at most REQUESTS_PER_SESSION requests: never full, never a 409.
        sessions = self.catalogue.sessions
        session = sessions[min(n // REQUESTS_PER_SESSION, len(sessions) - 1)]
        body = {
            "session_id": session,
            "trainees": [{"full_name": customer.name, "email": customer.email}],
        }
        return body, self._headers[n % len(self._headers)]

    async def run(self, system: str, path: str, seconds: float) -> Run:
        """`system` is "platform" (enrollment's bookings) or "bare"; counts 201s only."""
        url = f"{self.stack.gateway_url}{path}"
        limits = httpx.Limits(
            max_connections=self.concurrency, max_keepalive_connections=self.concurrency
        )
        latencies: list[float] = []
        statuses = Counter[int]()
        names = ["enrollment", "accounts", "notifications"] if system == "platform" else ["bare"]
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            started = time.perf_counter()
            stop_at = started + seconds
            cpu_before = self.stack.cpu_seconds(names)

            async def client_loop() -> None:
                while time.perf_counter() < stop_at:
                    body, headers = self._request()
                    sent = time.perf_counter()
                    answer = await client.post(url, json=body, headers=headers)
                    statuses[answer.status_code] += 1
                    if answer.status_code == 201:
                        latencies.append((time.perf_counter() - sent) * 1000)

            await asyncio.gather(*(client_loop() for _ in range(self.concurrency)))
            elapsed = time.perf_counter() - started
            cpu = cpu_per_op(cpu_before, self.stack.cpu_seconds(names), len(latencies))
        rate = len(latencies) / elapsed
        return Run(system, len(latencies), rate, latencies, None, cpu, dict(statuses))
