"""Throwaway PostgreSQL databases: each test (or module) on its own empty database.

A service's migrations, its tables and its outbox start from nothing in every
database made here, so tests never see each other's rows. Every database made
is dropped `WITH (FORCE)` on the way out: a service still holding connections
(a test that failed half way) must not leave it behind.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
from yarl import URL


@contextlib.asynccontextmanager
async def throwaway_databases(
    admin_url: str, prefix: str = "test"
) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """A factory: each `await create()` makes an empty database `<prefix>_<hex>` and returns
    its SQLAlchemy async URL (`postgresql+asyncpg://...`); all are dropped at the end."""
    created: list[str] = []
    admin = URL(admin_url)

    async def create() -> str:
        name = f"{prefix}_{uuid.uuid4().hex}"
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return str(admin.with_scheme("postgresql+asyncpg").with_path(f"/{name}", keep_query=True))

    try:
        yield create
    finally:
        if created:
            connection = await asyncpg.connect(admin_url)
            try:
                for name in created:
                    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await connection.close()
