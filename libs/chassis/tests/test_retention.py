"""Retention (issue 18): old outbox and inbox rows go, in batches, and a late copy of an
event whose inbox row went is refused as stale, never applied twice. Time is moved on a
ManualClock; SQLite, a real unit of work and the consumers' own `handle_once`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import MetaData, func, select

from chassis.clock import ManualClock
from chassis.consumers import Consumer, Undeliverable, handle_once
from chassis.inprocess import InProcessBus
from chassis.retention import prune, rules_of
from chassis.service import Runtime, ServiceDefinition, delivery_tables
from chassis.settings import ServiceSettings
from contracts import ConsumerQueue, Envelope
from contracts.accounts import UserRegisteredV1
from testkit.services import wait_until

START = datetime(2026, 11, 1, 9, tzinfo=UTC)
QUEUE = ConsumerQueue(name="tests.retention", event=UserRegisteredV1)


@pytest.fixture
async def runtime(tmp_path):
    metadata = MetaData()
    applied: list = []

    async def count(event: UserRegisteredV1, uow) -> None:
        applied.append(event.user_id)
        await uow.commit()

    definition = ServiceDefinition(
        name="tests",
        title="retention",
        metadata=metadata,
        delivery=delivery_tables(metadata),
        migrations="unused:migrations",
        consumers=[Consumer(QUEUE, count)],
    )
    settings = ServiceSettings(
        service_name="tests",
        database_url=f"sqlite:///{tmp_path / 'retention.sqlite3'}",
        retention_batch_size=3,
    )
    runtime = Runtime(definition, settings, clock=ManualClock(START), bus=InProcessBus())
    async with runtime.db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    runtime.applied = applied  # type: ignore[attr-defined]
    yield runtime
    await runtime.db.dispose()


def envelope(occurred_at: datetime) -> tuple[Envelope, UserRegisteredV1]:
    event = UserRegisteredV1(
        user_id=uuid4(), email="r@example.be", full_name="R", account_kind="individual"
    )
    wrapped = Envelope.wrap(event, producer="tests", occurred_at=occurred_at, correlation_id="r")
    return wrapped, event


async def deliver(runtime: Runtime, wrapped: Envelope, event) -> None:
    await handle_once(wrapped, event, runtime.consumers[0], runtime)


async def rows(runtime: Runtime, table) -> int:
    async with runtime.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_published_outbox_rows_go_after_7_days_and_pending_ones_stay(runtime):
    clock = runtime.clock
    for _ in range(7):  # more than two batches of 3
        async with runtime.unit_of_work() as uow:
            uow.publish(envelope(clock.now())[1])
            await uow.commit()
    async with runtime.unit_of_work() as uow:
        uow.publish(envelope(clock.now())[1])  # never published
        await uow.commit()
    outbox = runtime.delivery.outbox
    async with runtime.db.session() as session, session.begin():
        pending = (await session.execute(select(outbox.c.id).order_by(outbox.c.id.desc()))).first()
        await session.execute(outbox.update().values(published_at=clock.now()))
        await session.execute(
            outbox.update().where(outbox.c.id == pending.id).values(published_at=None)
        )

    clock.advance(timedelta(days=6, hours=23))
    done = await prune(runtime.db, rules_of(runtime), runtime.settings, clock)
    assert {p.name: p.rows for p in done}["outbox"] == 0
    assert await rows(runtime, outbox) == 8

    clock.advance(timedelta(hours=2))
    dry = await prune(runtime.db, rules_of(runtime), runtime.settings, clock, dry_run=True)
    assert {p.name: p.rows for p in dry}["outbox"] == 7
    assert await rows(runtime, outbox) == 8, "a dry run deletes nothing"
    done = await prune(runtime.db, rules_of(runtime), runtime.settings, clock)
    assert {p.name: p.rows for p in done}["outbox"] == 7
    assert await rows(runtime, outbox) == 1, "the unpublished row is kept, however old"


async def test_a_copy_older_than_the_pruned_inbox_is_refused_never_applied_twice(runtime):
    clock = runtime.clock
    first, event = envelope(clock.now())
    await deliver(runtime, first, event)
    await deliver(runtime, first, event)  # a redelivery inside the window: absorbed
    assert runtime.applied == [event.user_id]

    clock.advance(timedelta(days=29))
    done = await prune(runtime.db, rules_of(runtime), runtime.settings, clock)
    assert {p.name: p.rows for p in done}["inbox"] == 0
    clock.advance(timedelta(days=2))
    done = await prune(runtime.db, rules_of(runtime), runtime.settings, clock)
    assert {p.name: p.rows for p in done}["inbox"] == 1
    assert await rows(runtime, runtime.delivery.inbox) == 0

    # A dead letter replayed 31 days on reaches this consumer again: its row is gone,
    # the horizon is not.
    with pytest.raises(Undeliverable, match="stale"):
        await deliver(runtime, first, event)
    assert runtime.applied == [event.user_id], "applied once"
    assert await rows(runtime, runtime.delivery.inbox) == 0, "the refused claim rolled back"

    # An event that occurred after the horizon is applied as usual, even a late one.
    late, late_event = envelope(clock.now() - timedelta(days=20))
    await deliver(runtime, late, late_event)
    assert runtime.applied == [event.user_id, late_event.user_id]


async def test_nothing_is_refused_before_anything_was_pruned(runtime):
    clock = runtime.clock
    clock.advance(timedelta(days=90))
    old, event = envelope(START)
    await deliver(runtime, old, event)
    assert runtime.applied == [event.user_id]


def test_the_inbox_window_cannot_be_shorter_than_a_week():
    with pytest.raises(ValueError, match="inbox_retention_days"):
        ServiceSettings(service_name="tests", inbox_retention_days=3)


async def test_every_service_prunes_periodically_in_the_background(tmp_path):
    metadata = MetaData()
    definition = ServiceDefinition(
        name="tests", title="retention", metadata=metadata,
        delivery=delivery_tables(metadata), migrations="unused:migrations",
    )  # fmt: skip
    settings = ServiceSettings(
        service_name="tests",
        database_url=f"sqlite:///{tmp_path / 'loop.sqlite3'}",
        retention_interval_seconds=0.05,
    )
    clock = ManualClock(START)
    runtime = Runtime(definition, settings, clock=clock, bus=InProcessBus())
    async with runtime.db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    inbox = runtime.delivery.inbox
    async with runtime.db.session() as session, session.begin():
        await session.execute(
            inbox.insert().values(
                event_id=uuid4(), consumer="q", event_name="x.v1", processed_at=START
            )
        )
    clock.advance(timedelta(days=31))
    await runtime.start()
    try:

        async def pruned() -> bool:
            return await rows(runtime, inbox) == 0

        await wait_until(pruned, message="the periodic prune")
    finally:
        await runtime.stop()
