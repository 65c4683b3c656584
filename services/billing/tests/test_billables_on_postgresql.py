"""On PostgreSQL, a validated booking is recorded once, as its event tells, and a cancellation
handled before or at the same time as its validation leaves the billable cancelled.

The consumer's path is SQLAlchemy Core (`handlers/billables.py:record_billable`): the key's
advisory lock, then one INSERT .. SELECT .. ON CONFLICT DO NOTHING; these tests hold it to
what the ORM path did.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from billing.adapters.tables import Billable, CreditNote, EarlyCancellation
from billing.domain.billables import booking_billable


async def billables(billing) -> list[Billable]:
    async with billing.runtime.db.session() as session:
        return list(await session.scalars(select(Billable).order_by(Billable.created_at)))


async def count(billing, model) -> int:
    async with billing.runtime.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


@pytest.mark.postgres
async def test_a_validated_booking_is_recorded_as_its_event_tells(start_billing, fresh_database):
    billing = await start_billing(database_url=await fresh_database())
    event = await billing.billable("1250.00", email="Manager@Corp.Example")
    command = booking_billable(event)
    [billable] = await billables(billing)
    assert {
        "billable_key": billable.billable_key,
        "kind": billable.kind,
        "reference_id": billable.reference_id,
        "price": billable.price,
        "description": billable.description,
        "payer_name": billable.payer_name,
        "payer_email": billable.payer_email,
        "payer_company_id": billable.payer_company_id,
        "language": billable.language,
        "created_at": billable.created_at,
        "cancelled_at": billable.cancelled_at,
        "course_code": billable.course_code,
        "starts_at": billable.starts_at,
        "participant_name": billable.participant_name,
        "group_reference": billable.group_reference,
    } == {
        "billable_key": f"booking:{event.booking_id}",
        "kind": "public_booking",
        "reference_id": event.booking_id,
        "price": Decimal("1250.00"),
        "description": command.description,
        "payer_name": command.payer_name,
        "payer_email": "manager@corp.example",
        "payer_company_id": billing.COMPANY,
        "language": "fr",
        "created_at": billing.clock.now(),
        "cancelled_at": None,
        "course_code": "PY-101",
        "starts_at": datetime(2026, 12, 7, 8, 30, tzinfo=UTC),
        "participant_name": "Tom Trainee",
        "group_reference": None,
    }
    assert "PY-101" in billable.description


@pytest.mark.postgres
async def test_a_redelivered_or_republished_validation_changes_nothing(
    start_billing, fresh_database
):
    billing = await start_billing(database_url=await fresh_database())
    event = billing.validated("1000.00")
    envelope = await billing.deliver(event)
    [before] = await billables(billing)
    billing.clock.advance(timedelta(hours=1))
    await billing.deliver(event, envelope)  # same event id: the inbox skips it
    await billing.deliver(event.model_copy(update={"price": Decimal("9.00")}))  # new id
    [after] = await billables(billing)
    assert (after.id, after.price, after.created_at) == (
        before.id,
        Decimal("1000.00"),
        before.created_at,
    )


@pytest.mark.postgres
async def test_a_cancellation_that_came_first_is_recorded_with_its_billable(
    start_billing, fresh_database
):
    billing = await start_billing(database_url=await fresh_database())
    event = billing.validated("1000.00")
    cancelled_at = billing.clock.now()
    await billing.deliver(billing.cancelled(event.booking_id))
    billing.clock.advance(timedelta(minutes=5))
    await billing.deliver(event)
    [billable] = await billables(billing)
    assert (billable.cancelled_at, billable.created_at) == (cancelled_at, billing.clock.now())
    assert await count(billing, EarlyCancellation) == 1


@pytest.mark.postgres
async def test_concurrent_validation_and_cancellation_always_leave_the_billable_cancelled(
    start_billing, fresh_database
):
    """Each booking's validation and cancellation handled at the same moment, by two
    consumers (their own transactions): whichever takes the key's lock first, the
    billable ends cancelled, and nothing was invoiced so nothing is credited."""
    billing = await start_billing(database_url=await fresh_database())
    events = [billing.validated("100.00") for _ in range(20)]
    deliveries = []
    for index, event in enumerate(events):
        pair = [billing.deliver(event), billing.deliver(billing.cancelled(event.booking_id))]
        deliveries += pair if index % 2 else pair[::-1]
    await asyncio.gather(*deliveries)
    recorded = await billables(billing)
    assert sorted(b.reference_id for b in recorded) == sorted(e.booking_id for e in events)
    assert [b for b in recorded if b.cancelled_at is None] == []
    assert await count(billing, CreditNote) == 0
