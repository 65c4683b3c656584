"""A pooled connection the database dropped: pinged when it sat idle, else one refusal.

Without a ping on every checkout (`chassis.db.ping_when_idle`), a connection in
steady use that the server dropped fails its next statement with an error that
`database_unavailable` recognises (503, message held), and the pool connects
afresh for the next unit of work; a connection that sat idle is pinged first and
replaced without anyone seeing an error.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from chassis.db import database_unavailable, make_engine, ping_when_idle

pytestmark = pytest.mark.postgres


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(postgres_url: str, pid: int) -> None:
    admin = await asyncpg.connect(postgres_url)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def test_a_dropped_connection_in_steady_use_fails_once_then_the_pool_reconnects(
    fresh_database, postgres_url
):
    engine = make_engine(await fresh_database(), pool_size=1, max_overflow=0)
    try:
        dropped = await backend_pid(engine)
        await terminate(postgres_url, dropped)
        with pytest.raises(exc.DBAPIError) as refused:
            await backend_pid(engine)
        assert database_unavailable(refused.value)
        assert await backend_pid(engine) != dropped
    finally:
        await engine.dispose()


async def test_a_connection_dropped_while_idle_is_replaced_without_an_error(
    fresh_database, postgres_url
):
    engine = make_engine(await fresh_database(), pool_size=1, max_overflow=0)
    ping_when_idle(engine, 0.05)
    try:
        dropped = await backend_pid(engine)
        await terminate(postgres_url, dropped)
        await asyncio.sleep(0.1)
        assert await backend_pid(engine) != dropped
    finally:
        await engine.dispose()
