"""A stuck statement, a held lock or a blackholed connection never holds a connection for
long: `chassis.db.postgres_session_limits` on the service's engine (issue 18)."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import exc, text

from chassis.db import make_engine, postgres_session_limits
from testkit.proxy import TcpProxy

pytestmark = pytest.mark.postgres


async def test_a_statement_longer_than_the_timeout_is_cancelled_by_the_server(fresh_database):
    engine = make_engine(
        await fresh_database(), connect_args=postgres_session_limits(statement_timeout=0.5)
    )
    try:
        started = time.monotonic()
        with pytest.raises(exc.DBAPIError, match="statement timeout"):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 3
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
            with pytest.raises(exc.DBAPIError, match="lock timeout"):
                async with engine.connect() as waiter:
                    await waiter.execute(text("SELECT * FROM rows WHERE id = 1 FOR UPDATE"))
            assert time.monotonic() - started < 3
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
