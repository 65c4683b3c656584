"""A stuck statement, a held lock or a blackholed connection never holds a connection for
long: `chassis.db.postgres_session_limits` on the service's engine (issue 18)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import exc, text

from chassis import problems
from chassis.db import database_busy, database_unavailable, make_engine, postgres_session_limits
from testkit.proxy import TcpProxy

pytestmark = pytest.mark.postgres


async def test_a_statement_longer_than_the_timeout_is_cancelled_by_the_server(fresh_database):
    engine = make_engine(
        await fresh_database(), connect_args=postgres_session_limits(statement_timeout=0.5)
    )
    try:
        started = time.monotonic()
        with pytest.raises(exc.DBAPIError, match="statement timeout") as cancelled:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 3
        # a wait the database ended: busy (503, retry), not a database out of reach
        assert database_busy(cancelled.value)
        assert not database_unavailable(cancelled.value)
        async with engine.connect() as connection:  # the connection is usable again
            assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
    finally:
        await engine.dispose()


async def test_a_lock_held_elsewhere_is_given_up_after_the_lock_timeout(fresh_database):
    url = await fresh_database()
    engine = make_engine(url, connect_args=postgres_session_limits(lock_timeout=0.5))
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE rows (id int PRIMARY KEY)"))
            await connection.execute(text("INSERT INTO rows VALUES (1)"))
        async with engine.connect() as holder:
            await holder.execute(text("BEGIN"))
            await holder.execute(text("SELECT * FROM rows WHERE id = 1 FOR UPDATE"))
            started = time.monotonic()
            with pytest.raises(exc.DBAPIError, match="lock timeout") as given_up:
                async with engine.connect() as waiter:
                    await waiter.execute(text("SELECT * FROM rows WHERE id = 1 FOR UPDATE"))
            assert time.monotonic() - started < 3
            assert database_busy(given_up.value)
            await holder.execute(text("ROLLBACK"))
    finally:
        await engine.dispose()


async def test_a_blackholed_connection_fails_instead_of_waiting_forever(
    fresh_database, postgres_url
):
    """The proxy stops forwarding without closing: no answer, no error from the network;
    the client's own timeout ends the wait."""
    url = await fresh_database()
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    try:
        proxied = url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        assert proxied != url
        engine = make_engine(proxied, connect_args=postgres_session_limits(statement_timeout=1))
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            proxy.blackhole()
            started = time.monotonic()
            with pytest.raises((exc.DBAPIError, TimeoutError, asyncio.TimeoutError)):
                await connection.execute(text("SELECT 2"))
            assert time.monotonic() - started < 10
        await engine.dispose()
    finally:
        await proxy.stop()


async def test_a_request_that_waited_past_the_lock_timeout_is_answered_503_busy(fresh_database):
    """Another session (a frozen instance, a long transaction) holds the row a request needs:
    the request is answered 503 with Retry-After and a text saying what happened, never 500."""
    url = await fresh_database()
    engine = make_engine(url, connect_args=postgres_session_limits(lock_timeout=0.3))
    app = FastAPI()
    problems.install(app, "billing")

    @app.post("/counters")
    async def take_a_number() -> dict[str, int]:
        async with engine.begin() as connection:
            await connection.execute(text("SELECT * FROM rows WHERE id = 1 FOR UPDATE"))
        return {"number": 1}

    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE rows (id int PRIMARY KEY)"))
            await connection.execute(text("INSERT INTO rows VALUES (1)"))
        async with (
            engine.connect() as holder,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
        ):
            await holder.execute(text("BEGIN"))
            await holder.execute(text("SELECT * FROM rows WHERE id = 1 FOR UPDATE"))
            answer = await api.post("/counters", headers={"Accept-Language": "fr"})
            await holder.execute(text("ROLLBACK"))
            again = await api.post("/counters")
        assert answer.status_code == 503, answer.text
        assert answer.headers["Retry-After"] == "5"
        assert answer.json()["code"] == "database_busy"
        assert "réessayez dans 5 secondes" in answer.json()["detail"]
        assert again.status_code == 200  # once the lock is let go
    finally:
        await engine.dispose()
