"""Migration 0003 gives each billable recorded before it the key its booking now has, so
a booking validated before the upgrade is still found, invoiced and never recorded twice."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from chassis.migrations import upgrade

BILLABLES = sa.table(
    "billables",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("reference_id", sa.Uuid()),
    sa.column("price", sa.Numeric(12, 2)),
    sa.column("description", sa.String()),
    sa.column("payer_name", sa.String()),
    sa.column("payer_email", sa.String()),
    sa.column("payer_company_id", sa.Uuid()),
    sa.column("language", sa.String()),
    sa.column("created_at", sa.DateTime()),
    sa.column("cancelled_at", sa.DateTime()),
)


async def a_booking_billable_before_0003(url: str) -> uuid.UUID:
    await asyncio.to_thread(upgrade, "billing:migrations", url, "0002")
    booking_id = uuid.uuid4()
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.insert(BILLABLES).values(
                    id=uuid.uuid4(),
                    kind="public_booking",
                    reference_id=booking_id,
                    price=Decimal("500.00"),
                    description="PY-101 Python, 07/12/2026, Tom Trainee",
                    payer_name="manager@corp.example",
                    payer_email="manager@corp.example",
                    payer_company_id=None,
                    language="fr",
                    created_at=datetime(2026, 11, 20, tzinfo=UTC).replace(tzinfo=None),
                    cancelled_at=None,
                )
            )
    finally:
        await engine.dispose()
    return booking_id


async def check_the_booking_survives_0003(start_billing, url: str) -> None:
    booking_id = await a_booking_billable_before_0003(url)
    billing = await start_billing(database_url=url)  # migrates to head
    answer = await billing.client.get(f"/billables/{booking_id}", headers=billing.staff)
    assert answer.status_code == 200, answer.text
    assert answer.json()["left_to_invoice"] == "500.00"
    assert (await billing.invoice(booking_id)).status_code == 201
    async with billing.runtime.db.session() as session:
        keys = (await session.scalars(sa.text("SELECT billable_key FROM billables"))).all()
    assert keys == [f"booking:{booking_id}"]


async def test_0003_keys_the_bookings_recorded_before_it_on_sqlite(start_billing, tmp_path):
    await check_the_booking_survives_0003(
        start_billing, f"sqlite+aiosqlite:///{tmp_path / 'before-0003.sqlite3'}"
    )


@pytest.mark.postgres
async def test_0003_keys_the_bookings_recorded_before_it_on_postgresql(
    start_billing, fresh_database
):
    await check_the_booking_survives_0003(start_billing, await fresh_database())
