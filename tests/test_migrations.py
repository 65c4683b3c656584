"""Each service's migrations build exactly the schema its models describe."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.migrations import upgrade
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS

SERVICES = [ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS]


async def schema_drift(definition, url: str) -> list:
    await asyncio.to_thread(upgrade, definition.migrations, url)
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}),
                    definition.metadata,
                )
            )
    finally:
        await engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("definition", SERVICES, ids=lambda d: d.name)
async def test_migrations_match_the_models_on_postgresql(definition, fresh_database):
    assert await schema_drift(definition, await fresh_database()) == []


@pytest.mark.parametrize("definition", SERVICES, ids=lambda d: d.name)
async def test_migrations_match_the_models_on_sqlite(definition, tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / definition.name}.sqlite3"
    assert await schema_drift(definition, url) == []
