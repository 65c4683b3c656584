"""The "minimal correct" REST baseline: what a booking needs, hand-written, and nothing more.

Served the way the services are (FastAPI, pydantic, uvicorn, behind the same
nginx), it does what a correct booking cannot skip: the customer's token
verified (EdDSA signature, issuer, audience, expiry), and one asyncpg
transaction that takes the seat with a conditional `UPDATE ... RETURNING`
(under the session row's lock, refusing a full or started session, the
course's facts joined), inserts the booking and inserts its
`booking.requested` event into an outbox. The answer is built from what is in
memory. No ORM, no unit of work, no middleware: enrollment's booking endpoint
against this one is what the platform's machinery costs beyond a correct
booking (`bench/bare_app.py`, one insert without a token, is the floor below).
"""

# No `from __future__ import annotations`: FastAPI reads the route's annotations at runtime,
# and `Depends(customer)` names a function local to create_app.
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

import asyncpg
import jwt
import uvicorn
from cryptography.hazmat.primitives import serialization
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, EmailStr, Field

SCHEMA = """
CREATE TABLE IF NOT EXISTS courses (
    id uuid PRIMARY KEY, code text NOT NULL, title text NOT NULL,
    list_price numeric(10, 2) NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id uuid PRIMARY KEY, course_id uuid NOT NULL REFERENCES courses,
    starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, location text NOT NULL,
    seats integer NOT NULL, seats_taken integer NOT NULL DEFAULT 0,
    CHECK (seats_taken >= 0 AND seats_taken <= seats));
CREATE TABLE IF NOT EXISTS bookings (
    id uuid PRIMARY KEY, session_id uuid NOT NULL REFERENCES sessions,
    trainee_name text NOT NULL, trainee_email text NOT NULL, placed_by uuid NOT NULL,
    price numeric(10, 2) NOT NULL, status text NOT NULL, requested_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, name text NOT NULL,
    body text NOT NULL, correlation_id text NOT NULL, created_at timestamptz NOT NULL,
    published_at timestamptz);
"""

TAKE_SEATS = """
UPDATE sessions AS s SET seats_taken = s.seats_taken + $2
FROM courses AS c
WHERE s.id = $1 AND c.id = s.course_id AND s.starts_at > now()
  AND s.seats_taken + $2 <= s.seats
RETURNING c.code, c.title, c.list_price, s.starts_at, s.ends_at, s.location
"""
INSERT_BOOKING = (
    "INSERT INTO bookings (id, session_id, trainee_name, trainee_email, placed_by, price,"
    " status, requested_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending_validation', $7)"
)
INSERT_EVENT = (
    "INSERT INTO outbox (event_id, name, body, correlation_id, created_at)"
    " VALUES ($1, 'enrollment.booking.requested.v1', $2, $3, $4)"
)


async def seed(database_url: str, sessions: int, seats: int) -> list[UUID]:
    """One course and `sessions` sessions of `seats` seats, a year ahead; their ids."""
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(SCHEMA)
        course = uuid4()
        await connection.execute(
            "INSERT INTO courses VALUES ($1, 'BENCH-MINIMAL', 'Réserver vite', 450.00)", course
        )
        ids = [uuid4() for _ in range(sessions)]
        await connection.executemany(
            "INSERT INTO sessions (id, course_id, starts_at, ends_at, location, seats)"
            " VALUES ($1, $2, now() + interval '1 year', now() + interval '1 year 8 hours',"
            " 'Bruxelles', $3)",
            [(session, course, seats) for session in ids],
        )
    finally:
        await connection.close()
    return ids


class Trainee(BaseModel):
    full_name: str = Field(min_length=1, max_length=200)
    email: EmailStr


class BookingIn(BaseModel):
    session_id: UUID
    trainees: list[Trainee] = Field(min_length=1, max_length=50)


def create_app(database_url: str, public_key_pem: str, root_path: str = "") -> FastAPI:
    key = serialization.load_pem_public_key(public_key_pem.encode())
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # As many connections as a service's pool may hold (10, and 10 more under load),
        # opened as the load needs them and closed a few seconds after it, so that the
        # rounds of the other systems do not find the shared server's connections taken.
        pool = await asyncpg.create_pool(
            database_url, min_size=1, max_size=20, max_inactive_connection_lifetime=5.0
        )
        async with pool.acquire() as connection:
            await connection.execute(SCHEMA)
        pools.append(pool)
        yield
        await pool.close()

    async def customer(authorization: Annotated[str, Header()] = "") -> UUID:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "a bearer token is required")
        try:
            claims = jwt.decode(
                token,
                key,  # type: ignore[arg-type]
                algorithms=["EdDSA"],
                audience="training-platform",
                issuer="accounts",
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
            return UUID(claims["sub"])
        except (jwt.PyJWTError, ValueError) as error:
            raise HTTPException(401, str(error)) from error

    app = FastAPI(title="minimal correct baseline", lifespan=lifespan, root_path=root_path)

    @app.post("/bookings", status_code=201)
    async def book(
        booking: BookingIn, placed_by: Annotated[UUID, Depends(customer)]
    ) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        correlation_id = uuid4().hex
        async with pools[0].acquire() as connection, connection.transaction():
            facts = await connection.fetchrow(
                TAKE_SEATS, booking.session_id, len(booking.trainees)
            )
            if facts is None:
                raise HTTPException(409, "no such session open, or not enough seats left")
            bookings = [(uuid4(), trainee) for trainee in booking.trainees]
            await connection.executemany(
                INSERT_BOOKING,
                [
                    (
                        booking_id,
                        booking.session_id,
                        t.full_name,
                        t.email,
                        placed_by,
                        facts["list_price"],
                        now,
                    )
                    for booking_id, t in bookings
                ],
            )
            await connection.executemany(
                INSERT_EVENT,
                [
                    (uuid4(), _event(booking_id, t, booking.session_id, facts), correlation_id, now)
                    for booking_id, t in bookings
                ],
            )
        return [
            {
                "id": str(booking_id),
                "session_id": str(booking.session_id),
                "trainee": {"full_name": t.full_name, "email": t.email},
                "price": str(facts["list_price"]),
                "status": "pending_validation",
                "requested_at": now.isoformat(),
            }
            for booking_id, t in bookings
        ]

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app


def _event(booking_id: UUID, trainee: Trainee, session_id: UUID, facts: asyncpg.Record) -> str:
    """The event's payload, written by hand: the facts a consumer needs, as enrollment sends."""
    return json.dumps(
        {
            "booking_id": str(booking_id),
            "session": {
                "session_id": str(session_id),
                "course_code": facts["code"],
                "course_title": facts["title"],
                "starts_at": facts["starts_at"].isoformat(),
                "ends_at": facts["ends_at"].isoformat(),
                "location": facts["location"],
            },
            "trainee": {"full_name": trainee.full_name, "email": trainee.email},
            "price": str(facts["list_price"]),
        }
    )


if __name__ == "__main__":
    uvicorn.run(
        create_app(
            os.environ["MINIMAL_DATABASE_URL"],
            os.environ["JWT_PUBLIC_KEY"],
            os.environ.get("ROOT_PATH", ""),
        ),
        host="127.0.0.1",
        port=int(os.environ["HTTP_PORT"]),
        log_config=None,
        proxy_headers=True,
    )
