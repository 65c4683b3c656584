"""Alembic, the same way for every service: a three-line env.py and one upgrade call.

Migrations run as their own command (`<service> migrate`, a Kubernetes Job in
production), never by every replica at start.
"""

from __future__ import annotations

import asyncio
from importlib.resources import files

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from chassis.db import BigIntId, UTCDateTime

DELIVERY_VERSIONS = files("chassis") / "delivery_migrations"
"""Revision 0001 for a service whose first revision is only the outbox and inbox."""


def alembic_config(script_location: str, url: str) -> Config:
    """Alembic's configuration for a service: its own versions and, unless it has its own
    revision 0001 (tables of its own beside the delivery tables), the chassis's."""
    package, _, folder = script_location.partition(":")
    own_versions = files(package) / folder / "versions"
    has_own_first = any(entry.name.startswith("0001_") for entry in own_versions.iterdir())
    locations = [str(own_versions)] + ([] if has_own_first else [str(DELIVERY_VERSIONS)])
    config = Config()
    config.set_main_option("script_location", script_location)
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(script_location: str, url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision`. Synchronous: call it off the event loop."""
    command.upgrade(alembic_config(script_location, url), revision)


def run_env(metadata: MetaData) -> None:
    """The body of every service's migrations/env.py."""
    config = context.config

    def run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = async_engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        async with engine.connect() as connection:
            await connection.run_sync(run)
        await engine.dispose()

    asyncio.run(run_async())


def create_delivery_tables_v1() -> None:
    """The outbox and inbox as chassis v1 defines them; frozen, for initial migrations."""
    op.create_table(
        "outbox",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("correlation_id", sa.String(128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index(
        "ix_outbox_pending", "outbox", ["id"], postgresql_where=sa.text("published_at IS NULL")
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Uuid(), primary_key=True),
        sa.Column("consumer", sa.String(200), primary_key=True),
        sa.Column("event_name", sa.String(200), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=False),
    )


def create_idempotency_table_v1() -> None:
    """The idempotency keys as chassis v1 defines them (chassis.idempotency); frozen."""
    op.create_table(
        "idempotency_keys",
        sa.Column("principal", sa.String(100), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_headers", sa.JSON(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=False),
    )


def create_test_clock_table_v1() -> None:
    """The test clock's offset as chassis v1 defines it (chassis.platform_clock); frozen."""
    op.create_table(
        "test_clock",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("offset_microseconds", sa.BigInteger(), nullable=False),
        sa.Column("platform_time", UTCDateTime(), nullable=False),
        sa.Column("moved_at", UTCDateTime(), nullable=False),
    )


def create_ended_sessions_table_v1() -> None:
    """The sessions accounts ended, as chassis v1 defines them (chassis.ended_sessions); frozen."""
    op.create_table(
        "ended_sessions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_ended_sessions_valid_until", "ended_sessions", ["valid_until"])


def create_inbox_horizon_table_v1() -> None:
    """The inbox's retention horizon as chassis v1 defines it (chassis.retention); frozen."""
    op.create_table(
        "inbox_horizon",
        sa.Column("consumer", sa.String(200), primary_key=True),
        sa.Column("pruned_before", UTCDateTime(), nullable=False),
    )
