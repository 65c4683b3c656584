"""The relay wakes on commit from any process (LISTEN/NOTIFY); the poll is a safety net.

Two `Database` objects on one PostgreSQL database stand for two processes (or
replicas) of a service: each has its own engine and connections, so a notice
from one reaches the other only through the server. The relay polls every ten
minutes here, so only a notice (or its reconnection) can wake it in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import asyncpg
import pytest
from sqlalchemy import MetaData, insert, select
from sqlalchemy.engine import make_url

from chassis.clock import SystemClock
from chassis.db import Database
from chassis.outbox import OutboxRelay
from chassis.relay_wakeup import CommitListener, announced_rows
from chassis.service import delivery_tables
from chassis.settings import ServiceSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import UserRegisteredV1
from testkit.proxy import TcpProxy
from testkit.services import wait_until

pytestmark = pytest.mark.postgres

SERVICE = "tests"
MINUTES = 600.0
QUICKLY = 0.5
"""Seconds: a notice arrives in milliseconds; the margin is for a loaded test machine."""


class Recorder:
    """Confirms everything and remembers what it published, and when."""

    def __init__(self) -> None:
        self.published: dict[UUID, float] = {}
        self.changed = asyncio.Event()

    async def publish_many(self, messages):
        for message in messages:
            self.published[message.event_id] = time.monotonic()
        self.changed.set()
        return [None] * len(messages)

    async def wait_for(self, event_id: UUID, timeout: float) -> float:
        """Seconds until `event_id` was published (TimeoutError past `timeout`)."""
        started = time.monotonic()
        async with asyncio.timeout(timeout):
            while event_id not in self.published:
                self.changed.clear()
                await self.changed.wait()
        return self.published[event_id] - started


class Process:
    """One process of the service: its own engine on the shared database."""

    def __init__(self, url: str, tables) -> None:
        self.db = Database(url)
        self.tables = tables

    async def commit_event(self, *, origin: str = "", after_commit=lambda: None) -> UUID:
        unit = UnitOfWork(
            self.db.sessions,
            self.tables.outbox,
            producer=SERVICE,
            clock=SystemClock(),
            settings=ServiceSettings(service_name=SERVICE),
            after_commit=after_commit,
            origin=origin,
        )
        async with unit:
            envelope = unit.publish(
                UserRegisteredV1(
                    user_id=uuid4(),
                    email="someone@example.be",
                    full_name="Someone",
                    account_kind="individual",
                )
            )
            await unit.commit()
        return envelope.event_id

    async def write_without_notice(self) -> UUID:
        """An outbox row committed with no announcement: as if its notice were lost."""
        event_id = uuid4()
        async with self.db.engine.begin() as connection:
            await connection.execute(
                insert(self.tables.outbox).values(
                    event_id=event_id,
                    name="accounts.user.registered.v1",
                    body="{}",
                    correlation_id="lost-notice",
                    created_at=datetime.now(UTC),
                )
            )
        return event_id


@contextlib.asynccontextmanager
async def running(relay: OutboxRelay) -> AsyncIterator[None]:
    stopping = asyncio.Event()
    task = asyncio.create_task(relay.run(stopping))
    try:
        if relay.listener is not None:
            async with asyncio.timeout(10):
                await relay.listener.listening.wait()
        await asyncio.sleep(0.2)  # the first passes, at start and on listening, are over
        yield
    finally:
        stopping.set()
        await asyncio.wait_for(task, 10)


@pytest.fixture
async def service(fresh_database):
    url = await fresh_database()
    metadata = MetaData()
    tables = delivery_tables(metadata)
    relaying, other = Process(url, tables), Process(url, tables)
    async with relaying.db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield relaying, other
    await relaying.db.dispose()
    await other.db.dispose()


def relay_of(process: Process, recorder: Recorder, *, poll_seconds: float) -> OutboxRelay:
    return OutboxRelay(
        process.db,
        process.tables.outbox,
        recorder,
        SystemClock(),
        poll_seconds=poll_seconds,
        max_backoff_seconds=0.5,
        listen_as=(SERVICE, "relaying-process"),
    )


async def test_a_commit_in_another_process_wakes_the_relay_within_milliseconds(service):
    relaying, other = service
    recorder = Recorder()
    relay = relay_of(relaying, recorder, poll_seconds=MINUTES)
    async with running(relay):
        event_id = await other.commit_event()
        waited = await recorder.wait_for(event_id, timeout=QUICKLY)
    assert waited < QUICKLY


async def test_the_relays_own_commits_are_left_to_the_in_process_wake(service):
    """Its own announcements are ignored, so a commit costs the relay one pass, not two."""
    relaying, _ = service
    recorder = Recorder()
    relay = relay_of(relaying, recorder, poll_seconds=MINUTES)
    assert relay.listener is not None
    async with running(relay):
        event_id = await relaying.commit_event(origin=relay.listener.origin)
        with pytest.raises(TimeoutError):
            await recorder.wait_for(event_id, timeout=0.5)
        relay.wake()  # what after_commit does in the committing process
        await recorder.wait_for(event_id, timeout=QUICKLY)


async def test_the_poll_publishes_what_a_lost_notice_left_behind(service):
    relaying, other = service
    recorder = Recorder()
    async with running(relay_of(relaying, recorder, poll_seconds=0.5)):
        event_id = await other.write_without_notice()
        await recorder.wait_for(event_id, timeout=5)


async def test_the_listener_reconnects_after_the_database_drops_its_connection(
    service, postgres_url
):
    relaying, other = service
    recorder = Recorder()
    relay = relay_of(relaying, recorder, poll_seconds=MINUTES)
    listener = relay.listener
    assert listener is not None
    async with running(relay):
        dropped = listener.backend_pid
        assert dropped is not None
        admin = await asyncpg.connect(postgres_url)
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", dropped)
        finally:
            await admin.close()
        # Committed while the listener may be away: published once it listens again.
        during = await other.commit_event()
        await recorder.wait_for(during, timeout=10)

        async def listening_again() -> bool:
            return listener.backend_pid not in (None, dropped)

        await wait_until(listening_again, timeout=10, message="the listener to reconnect")
        after = await other.commit_event()
        await recorder.wait_for(after, timeout=QUICKLY)


async def test_a_listener_cut_off_wakes_the_relay_once_it_listens_again(service):
    """A notice sent while nobody listened is lost: the reconnected listener makes up for it."""
    relaying, other = service
    url = make_url(relaying.db.url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    woken = asyncio.Event()
    listener = CommitListener(
        url.set(host="127.0.0.1", port=proxy.port),
        SERVICE,
        woken.set,
        origin="relaying-process",
        max_backoff_seconds=0.2,
    )
    stopping = asyncio.Event()
    task = asyncio.create_task(listener.run(stopping))
    try:
        async with asyncio.timeout(10):
            await listener.listening.wait()
        proxy.cut()

        async def gone() -> bool:
            return not listener.listening.is_set()

        await wait_until(gone, timeout=10, interval=0.01, message="the listener to notice")
        woken.clear()
        await other.commit_event()  # its notice reaches nobody
        await asyncio.sleep(0.3)
        assert not woken.is_set()
        proxy.restore()
        async with asyncio.timeout(10):
            await woken.wait()
        assert listener.listening.is_set()
    finally:
        stopping.set()
        await asyncio.wait_for(task, 10)
        await proxy.close()


async def test_stopping_does_not_wait_for_a_listener_stuck_connecting(service):
    """A database that takes the socket and never answers holds no shutdown."""
    relaying, _ = service

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # never answers; returns when the client goes

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    relay = relay_of(relaying, Recorder(), poll_seconds=MINUTES)
    relay.listener = CommitListener(
        make_url(relaying.db.url).set(host="127.0.0.1", port=port),
        SERVICE,
        relay.wake,
        origin="relaying-process",
    )
    stopping = asyncio.Event()
    task = asyncio.create_task(relay.run(stopping))
    try:
        await asyncio.sleep(0.5)
        assert not relay.listener.listening.is_set()
        stopping.set()
        started = time.monotonic()
        await asyncio.wait_for(task, 5)
        assert time.monotonic() - started < 1
    finally:
        server.close()
        await server.wait_closed()


async def test_on_sqlite_the_relay_is_woken_in_process_and_polls(tmp_path):
    metadata = MetaData()
    tables = delivery_tables(metadata)
    process = Process(f"sqlite+aiosqlite:///{tmp_path / 'relay.sqlite3'}", tables)
    async with process.db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    recorder = Recorder()
    relay = relay_of(process, recorder, poll_seconds=MINUTES)
    assert relay.listener is None
    try:
        async with running(relay):
            event_id = await process.commit_event(after_commit=relay.wake)
            await recorder.wait_for(event_id, timeout=QUICKLY)
    finally:
        await process.db.dispose()


async def test_a_commit_of_many_events_writes_them_all_in_order_announced_once(service):
    """A deadline batch commits hundreds of events: one statement of column arrays writes
    them (the same statement whatever their number, so it is compiled once), in the
    order they were staged, and one notice announces them."""
    relaying, other = service
    notices: list[str] = []
    url = make_url(relaying.db.url).set(drivername="postgresql")
    listener = await asyncpg.connect(url.render_as_string(hide_password=False))
    await listener.add_listener(f"outbox_{SERVICE}", lambda *args: notices.append(args[3]))
    try:
        unit = UnitOfWork(
            other.db.sessions,
            other.tables.outbox,
            producer=SERVICE,
            clock=SystemClock(),
            settings=ServiceSettings(service_name=SERVICE),
            origin="batch",
        )
        async with unit:
            staged = [
                unit.publish(
                    UserRegisteredV1(
                        user_id=uuid4(),
                        email=f"someone{n}@example.be",
                        full_name="Someone",
                        account_kind="individual",
                    )
                )
                for n in range(1500)
            ]
            await unit.commit()
        async with relaying.db.engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(
                        relaying.tables.outbox.c.event_id, relaying.tables.outbox.c.body
                    ).order_by(relaying.tables.outbox.c.id)
                )
            ).all()
        assert [row.event_id for row in rows] == [envelope.event_id for envelope in staged]
        assert [row.body for row in rows] == [envelope.model_dump_json() for envelope in staged]

        async def announced() -> bool:
            return bool(notices)

        await wait_until(announced, timeout=5)
        await asyncio.sleep(0.2)  # a second notice would have arrived by now
        assert notices == ["batch"]
    finally:
        await listener.close()
    # the relay marks a whole batch published at once (one array parameter on PostgreSQL)
    recorder = Recorder()
    relay = relay_of(relaying, recorder, poll_seconds=MINUTES)
    assert [await relay.relay_once() for _ in range(9)] == [200] * 7 + [100, 0]
    assert list(recorder.published) == [envelope.event_id for envelope in staged]
    statement = announced_rows(relaying.tables.outbox, SERVICE, "batch")
    assert statement._generate_cache_key() is not None  # compiled once, not per commit
