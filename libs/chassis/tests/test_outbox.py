"""The outbox and its relay on a local SQLite file, with a publisher we control."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
import structlog
from sqlalchemy import MetaData, select

from chassis.clock import ManualClock
from chassis.db import Database
from chassis.outbox import OutboxRelay
from chassis.service import delivery_tables
from chassis.settings import ServiceSettings
from chassis.unit_of_work import UnitOfWork
from contracts import Envelope
from contracts.accounts import UserRegisteredV1

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


class ScriptedPublisher:
    """Confirms every message except those whose event ids it is told to fail."""

    def __init__(self) -> None:
        self.failing: set = set()
        self.published: list = []

    async def publish_many(self, messages):
        results = []
        for message in messages:
            if message.event_id in self.failing:
                results.append(ConnectionError("nack"))
            else:
                self.published.append(message)
                results.append(None)
        return results


@pytest.fixture
async def setup(tmp_path):
    metadata = MetaData()
    tables = delivery_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'outbox.sqlite3'}")
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    clock = ManualClock(NOW)
    publisher = ScriptedPublisher()
    relay = OutboxRelay(db, tables.outbox, publisher, clock, batch_size=10)

    def uow() -> UnitOfWork:
        return UnitOfWork(
            db.sessions,
            tables.outbox,
            producer="tests",
            clock=clock,
            settings=ServiceSettings(service_name="tests"),
            after_commit=relay.wake,
        )

    yield uow, relay, publisher, db, tables
    await db.dispose()


def registered(n: int) -> UserRegisteredV1:
    return UserRegisteredV1(
        user_id=uuid4(), email=f"p{n}@example.be", full_name=f"P {n}", account_kind="individual"
    )


async def test_committed_events_are_in_the_outbox_with_the_request_correlation_id(setup):
    uow, relay, *_ = setup
    with structlog.contextvars.bound_contextvars(correlation_id="req-7"):
        async with uow() as unit:
            envelope = unit.publish(registered(1))
            await unit.commit()
    assert (await relay.backlog()).pending == 1
    assert (await relay.backlog()).oldest_created_at == NOW
    assert envelope.correlation_id == "req-7"
    assert envelope.producer == "tests"


async def test_events_of_a_rolled_back_unit_of_work_never_reach_the_outbox(setup):
    uow, relay, *_ = setup
    async with uow() as unit:
        unit.publish(registered(1))

    async def fail_after_publishing() -> None:
        async with uow() as unit:
            unit.publish(registered(2))
            raise RuntimeError("the state change failed")

    with pytest.raises(RuntimeError):
        await fail_after_publishing()
    assert (await relay.backlog()).pending == 0


async def test_only_confirmed_rows_are_marked_and_the_rest_is_offered_again(setup):
    uow, relay, publisher, db, tables = setup
    async with uow() as unit:
        envelopes = [unit.publish(registered(n)) for n in range(3)]
        await unit.commit()
    publisher.failing = {envelopes[1].event_id}
    assert await relay.relay_once() == 2
    async with db.session() as session:
        row = (
            await session.execute(
                select(tables.outbox).where(tables.outbox.c.published_at.is_(None))
            )
        ).one()
    assert row.event_id == envelopes[1].event_id
    assert row.attempts == 1
    assert "nack" in row.last_error

    publisher.failing = set()
    assert await relay.relay_once() == 1
    assert (await relay.backlog()).pending == 0
    sent = [Envelope.model_validate_json(m.body).event_id for m in publisher.published]
    assert sent == [envelopes[0].event_id, envelopes[2].event_id, envelopes[1].event_id]


async def test_a_batch_that_fails_entirely_raises_so_the_relay_backs_off(setup):
    uow, relay, publisher, *_ = setup
    async with uow() as unit:
        envelope = unit.publish(registered(1))
        await unit.commit()
    publisher.failing = {envelope.event_id}
    with pytest.raises(ConnectionError):
        await relay.relay_once()
    assert (await relay.backlog()).pending == 1


async def test_rows_leave_in_the_order_they_were_committed(setup):
    uow, relay, publisher, *_ = setup
    for n in range(25):
        async with uow() as unit:
            unit.publish(registered(n))
            await unit.commit()
    while await relay.relay_once():
        pass
    emails = [Envelope.model_validate_json(m.body).payload["email"] for m in publisher.published]
    assert emails == [f"p{n}@example.be" for n in range(25)]
