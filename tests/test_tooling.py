"""The shared test fixtures of the root conftest.py work against the real servers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from yarl import URL


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def databases_dropped_at_the_end(postgres_admin_url: str) -> AsyncIterator[list[str]]:
    """Names of test databases that must be gone once their tests have finished.

    Module-scoped, so it is set up before and torn down after every function-scoped
    `fresh_database` of this module: its teardown sees the databases already dropped.
    """
    names: list[str] = []
    yield names
    connection = await asyncpg.connect(postgres_admin_url)
    try:
        left = await connection.fetch(
            "SELECT datname FROM pg_database WHERE datname = ANY($1::text[])", names
        )
    finally:
        await connection.close()
    assert names, "no database was recorded"
    assert [row["datname"] for row in left] == []


@pytest.mark.postgres
async def test_fresh_database_is_an_empty_database_of_its_own(
    fresh_database, databases_dropped_at_the_end
):
    first, second = await fresh_database(), await fresh_database()
    assert first != second
    for url in (first, second):
        parsed = URL(url)
        assert parsed.scheme == "postgresql+asyncpg"
        assert parsed.path.startswith("/test_")
        databases_dropped_at_the_end.append(parsed.path.lstrip("/"))

    engine = create_async_engine(first)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE note (id int PRIMARY KEY, body text)"))
            await connection.execute(text("INSERT INTO note VALUES (1, 'hello')"))
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT body FROM note"))).scalar() == "hello"
    finally:
        await engine.dispose()

    other = create_async_engine(second)
    try:
        async with other.connect() as connection:
            tables = await connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            )
            assert tables.scalar() == 0
    finally:
        await other.dispose()


@pytest.mark.postgres
def test_postgres_url_is_plain_for_any_client(postgres_url):
    assert URL(postgres_url).scheme in {"postgresql", "postgres"}


@pytest.mark.broker
async def test_rabbitmq_url_answers_amqp(rabbitmq_url):
    connection = await aio_pika.connect(rabbitmq_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        body = uuid.uuid4().bytes
        await channel.default_exchange.publish(aio_pika.Message(body), routing_key=queue.name)
        async with queue.iterator() as messages:
            message = await asyncio.wait_for(anext(messages), timeout=10)
            async with message.process():
                assert message.body == body
