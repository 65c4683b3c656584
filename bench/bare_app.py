"""The REST baseline: a bare FastAPI endpoint doing one insert into PostgreSQL.

Served the way the services are (uvicorn, the chassis' engine and pool), so the
ratio against enrollment's booking endpoint is what the platform's own work
costs: authentication, the seat count, the booking rows, the outbox.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from uuid import UUID, uuid4

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, EmailStr, Field
from sqlalchemy import text

from chassis.db import Database


class Trainee(BaseModel):
    full_name: str = Field(min_length=1, max_length=200)
    email: EmailStr


class BookingIn(BaseModel):
    session_id: UUID
    trainees: list[Trainee] = Field(min_length=1, max_length=50)


def create_app(database_url: str, root_path: str = "") -> FastAPI:
    database = Database(database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS bare_bookings ("
                    " id uuid PRIMARY KEY, session_id uuid NOT NULL,"
                    " email text NOT NULL, created_at timestamptz NOT NULL)"
                )
            )
        yield
        await database.dispose()

    app = FastAPI(title="bare baseline", lifespan=lifespan, root_path=root_path)
    insert = text(
        "INSERT INTO bare_bookings (id, session_id, email, created_at)"
        " VALUES (:id, :session_id, :email, :created_at)"
    )

    @app.post("/bookings", status_code=201)
    async def book(booking: BookingIn) -> dict[str, str]:
        booking_id = uuid4()
        async with database.session() as session, session.begin():
            await session.execute(
                insert,
                {
                    "id": booking_id,
                    "session_id": booking.session_id,
                    "email": booking.trainees[0].email,
                    "created_at": datetime.now(UTC),
                },
            )
        return {"id": str(booking_id)}

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app


if __name__ == "__main__":
    uvicorn.run(
        create_app(os.environ["DATABASE_URL"], os.environ.get("ROOT_PATH", "")),
        host="127.0.0.1",
        port=int(os.environ["HTTP_PORT"]),
        log_config=None,
        proxy_headers=True,
    )
