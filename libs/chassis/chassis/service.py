"""Wiring a service: the one place where its dependencies are put together.

A service declares a `ServiceDefinition` (name, tables, routers, consumers);
`create_app` turns it into a FastAPI app whose lifespan owns the broker, the
outbox relay and the database. Tests pass their own settings and clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import MetaData

from chassis import openapi, problems
from chassis.clock import Clock, SystemClock
from chassis.clock_header import TestClockHeader
from chassis.clock_moves import follow_stored_offset, load_stored_offset, moved_consumer
from chassis.consumers import Consumer, register_consumer, retry_delays_ms
from chassis.db import Database, postgres_session_limits
from chassis.ended_sessions import EndedSessions
from chassis.ended_sessions_follow import ended_consumer
from chassis.ended_sessions_follow import follow as follow_ended_sessions
from chassis.ended_sessions_follow import load as load_ended_sessions
from chassis.http import CorrelationMiddleware, health
from chassis.idempotent_posts import IdempotentPosts
from chassis.inprocess import InProcessBus
from chassis.limits import RequestLimits
from chassis.messaging import BrokerPublisher, BrokerSupervisor, make_broker
from chassis.metrics import Metrics, MetricsMiddleware, ScrapedGauge, metrics_router
from chassis.outbox import OutboxRelay, Publisher
from chassis.platform_clock import TestClock, real_clock
from chassis.problem_texts import Texts
from chassis.retention import RetentionRule, retention_loop
from chassis.security_headers import SecurityHeaders
from chassis.settings import ServiceSettings, load_settings
from chassis.tables import DeliveryTables, delivery_tables
from chassis.tokens import TokenVerifier
from chassis.unit_of_work import UnitOfWork
from contracts import QUEUES

__all__ = ["DeliveryTables", "Runtime", "ServiceDefinition", "create_app", "delivery_tables"]

log = structlog.get_logger("chassis.service")

S = TypeVar("S", bound=ServiceSettings)

CORS_REQUEST_HEADERS = (
    "Authorization",
    "Content-Type",
    "Accept-Language",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "X-Correlation-ID",
)
CORS_EXPOSED_HEADERS = (
    "ETag",
    "Location",
    "Link",
    "Retry-After",
    "Content-Language",
    "Idempotent-Replayed",
    "X-Correlation-ID",
    "X-Test-Clock",
)

BackgroundTask = Callable[["Runtime[Any]", asyncio.Event], Awaitable[None]]
"""A loop the service runs beside its API, until the event is set (e.g. a deadline scan)."""

Command = Callable[[Any, Sequence[str]], int]
"""An operator's command: `python -m <service> <name> [args...]`, gets settings and args."""


@dataclass(frozen=True)
class ServiceDefinition(Generic[S]):
    name: str
    title: str
    metadata: MetaData
    delivery: DeliveryTables
    migrations: str
    """Alembic script location, e.g. 'accounts:migrations'."""
    routers: Sequence[APIRouter] = ()
    consumers: Sequence[Consumer] = ()
    background: Sequence[BackgroundTask] = ()
    commands: Mapping[str, Command] = field(default_factory=dict)
    gauges: Sequence[ScrapedGauge] = ()
    retention: Sequence[RetentionRule] = ()
    """The service's own rows deleted once old, beside the outbox and inbox
    (chassis.retention), by the periodic prune and `<service> retention`."""
    """The service's own numbers on /metrics, read at each scrape (see chassis.metrics)."""
    settings_class: type[S] = ServiceSettings  # type: ignore[assignment]
    """The service's typed settings; handlers get them as `uow.settings`."""
    refusal_texts: Texts = field(default_factory=dict)
    """The words of the service's own refusals in French and Dutch, by code
    (chassis.problem_texts); English is the detail the handler wrote."""
    description: str = ""
    version: str = "0.1.0"


class Runtime(Generic[S]):
    """Everything a running service holds: settings, clock, database, broker, relay."""

    def __init__(
        self,
        definition: ServiceDefinition[S],
        settings: S,
        *,
        clock: Clock | None = None,
        bus: InProcessBus | None = None,
    ) -> None:
        if not isinstance(settings, definition.settings_class):
            raise TypeError(
                f"{definition.name} needs {definition.settings_class.__name__}, "
                f"not {type(settings).__name__}"
            )
        self.definition = definition
        self.settings: S = settings
        self.test_clock = (
            TestClock(clock or SystemClock()) if settings.test_clocks_enabled else None
        )
        """The platform's test clock when test clocks are enabled (chassis.platform_clock)."""
        self.clock: Clock = self.test_clock or clock or SystemClock()
        self.delivery = definition.delivery
        self.ended_sessions = EndedSessions(self.delivery.ended_sessions, real_clock(self.clock))
        """Sessions accounts ended: their tokens are refused (chassis.ended_sessions)."""
        own = [c for c in (moved_consumer(self), ended_consumer(self)) if c is not None]
        self.consumers: list[Consumer] = [*definition.consumers, *own]
        """The service's consumers and the chassis's own (the test clock's moves, the
        sessions accounts ended)."""
        self.metrics = Metrics(
            definition.name,
            definition.version,
            queues=[c.queue.name for c in self.consumers],
        )
        self.metrics.add_scraped(definition.gauges)
        url = settings.sqlalchemy_url()
        self.db = Database(
            url,
            **(
                {}
                if url.startswith("sqlite")
                else {
                    "pool_size": settings.database_pool_size,
                    "max_overflow": settings.database_max_overflow,
                    "connect_args": postgres_session_limits(
                        statement_timeout=settings.database_statement_timeout_seconds,
                        lock_timeout=settings.database_lock_timeout_seconds,
                    ),
                }
            ),
        )
        self.broker = make_broker(
            settings.rabbitmq_urls(),
            service=definition.name,
            reconnect_seconds=settings.broker_reconnect_seconds,
            graceful_timeout_seconds=settings.graceful_timeout_seconds,
        )
        self.publishing_broker = make_broker(
            settings.rabbitmq_urls(),
            service=definition.name,
            role="publisher",
            reconnect_seconds=settings.broker_reconnect_seconds,
            graceful_timeout_seconds=settings.graceful_timeout_seconds,
        )
        own_queues = [c.queue for c in self.consumers]
        self.supervisor = BrokerSupervisor(
            self.broker,
            [*QUEUES, *(q for q in own_queues if q not in QUEUES)],
            publishing=self.publishing_broker,
            retry_seconds=settings.broker_reconnect_seconds,
            retry_delays_ms=retry_delays_ms(settings, own_queues),
        )
        self.in_process = bus is not None
        publisher: Publisher
        if bus is not None:
            bus.attach(self)
            publisher = bus
        else:
            publisher = BrokerPublisher(self.publishing_broker, self.supervisor.connected)
            for consumer in self.consumers:
                register_consumer(self.broker, consumer, self)
        self.origin = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        """Names this process in its commits' announcements (chassis.relay_wakeup)."""
        self.relay = OutboxRelay(
            self.db,
            self.delivery.outbox,
            publisher,
            self.clock,
            batch_size=settings.outbox_batch_size,
            poll_seconds=settings.outbox_poll_seconds,
            max_backoff_seconds=settings.outbox_max_backoff_seconds,
            on_relayed=self.metrics.published,
            listen_as=(definition.name, self.origin),
        )
        self.tokens = (
            TokenVerifier(
                settings.jwt_public_key.get_secret_value(),
                audience=settings.jwt_audience,
                issuer=settings.jwt_issuer,
                clock=real_clock(self.clock),  # tokens live on real time (platform_clock)
                cache_size=settings.token_cache_size,
                is_ended=self.ended_sessions.is_ended,
            )
            if settings.jwt_public_key
            else None
        )
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def unit_of_work(self) -> UnitOfWork[S]:
        return UnitOfWork(
            self.db.sessions,
            self.delivery.outbox,
            producer=self.definition.name,
            clock=self.clock,
            settings=self.settings,
            after_commit=self.relay.wake,
            origin=self.origin,
        )

    async def pause(self, stopping: asyncio.Event, seconds: float) -> None:
        """Wait `seconds`, or less: until `stopping` is set or the test clock moves.

        Every scan waits through here, so a move of the test clock makes it run at
        once on the new time, as if it had waited that long."""
        waiters = [asyncio.ensure_future(stopping.wait())]
        if self.test_clock is not None:
            waiters.append(asyncio.ensure_future(self.test_clock.moved().wait()))
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def start(self) -> None:
        self._stopping.clear()
        if self.test_clock is not None:
            try:  # the offset kept across a restart, before anything reads the time
                await load_stored_offset(self)
            except Exception as error:  # the database is away: followed once it is back
                log.warning("test clock not read at start", error=repr(error)[:300])
            self._spawn(follow_stored_offset(self, self._stopping), "test-clock")
            self._spawn(self._wake_relay_on_moves(self._stopping), "test-clock-relay")
            log.warning("test clocks enabled: an admin may move this platform's time forward")
        if ended_consumer(self) is not None:
            try:  # the sessions ended before this start, before any token is checked
                await load_ended_sessions(self)
            except Exception as error:  # the database is away: followed once it is back
                log.warning("ended sessions not read at start", error=repr(error)[:300])
            self._spawn(follow_ended_sessions(self, self._stopping), "ended-sessions")
        if not self.in_process:
            self._spawn(self.supervisor.run(), "broker")
        self._spawn(self.relay.run(self._stopping), "outbox-relay")
        self._spawn(retention_loop(self, self._stopping), "retention")
        for task in self.definition.background:
            self._spawn(task(self, self._stopping), getattr(task, "__name__", "background"))
        log.info("service started", database=self.db.dialect)

    async def _wake_relay_on_moves(self, stopping: asyncio.Event) -> None:
        """A move of the test clock wakes the relay too (what a scan fired leaves at once)."""
        while not stopping.is_set():
            await self.pause(stopping, 3600)
            self.relay.wake()

    async def stop(self) -> None:
        """Stop relaying, let in-flight handlers finish and ack, then close the database."""
        self._stopping.set()
        for task in self._tasks:
            if not task.done() and task.get_name() == "broker":
                task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if not self.in_process:
            await self._stop_broker()
        await self.db.dispose()
        log.info("service stopped")

    async def _stop_broker(self, attempts: int = 2) -> None:
        """Cancel the consumers and close the connection, trying twice.

        A consumer's cancel can time out when the broker is slow (FastStream then
        raises before closing its channel and connection): the second try cancels
        what is left and closes them. Should it fail again, the process is going
        away: the broker requeues its unacked deliveries when the socket closes,
        and the database is closed all the same.
        """
        for attempt in range(1, attempts + 1):
            try:
                await self.broker.stop()
                break
            except Exception as error:
                log.warning(
                    "the broker did not stop cleanly",
                    error=repr(error)[:500],
                    attempt=attempt,
                    retrying=attempt < attempts,
                )
        try:
            await self.publishing_broker.stop()  # after the consumers: their work is relayed
        except Exception as error:
            log.warning("the publishing connection did not close cleanly", error=repr(error)[:500])

    async def broker_ready(self) -> bool:
        """Whether events can flow now: the broker answers (always true in process)."""
        return self.in_process or await self.supervisor.is_ready()

    async def readiness(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        try:
            await self.db.ping()
            checks["database"] = "ok"
        except Exception as error:
            checks["database"] = f"unavailable: {type(error).__name__}"
        if self.in_process:
            checks["bus"] = "ok"
        else:
            checks["broker"] = "ok" if await self.supervisor.is_ready() else "unavailable"
        return checks

    def _spawn(self, coroutine: Awaitable[None], name: str) -> None:
        self._tasks.append(asyncio.create_task(coroutine, name=name))  # type: ignore[arg-type]


def create_app(
    definition: ServiceDefinition[S],
    settings: S | None = None,
    *,
    clock: Clock | None = None,
    bus: InProcessBus | None = None,
) -> FastAPI:
    settings = settings or load_settings(definition.settings_class, definition.name)
    runtime = Runtime(definition, settings, clock=clock, bus=bus)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=lifespan,
        root_path=settings.root_path,
    )
    app.state.runtime = runtime
    problems.install(app, definition.name, definition.refusal_texts)
    openapi.document(app)
    app.add_middleware(IdempotentPosts, runtime=runtime)  # innermost: sees bounded bodies
    app.add_middleware(
        RequestLimits,  # its refusals are logged and counted like any answer
        max_request_bytes=settings.max_request_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        max_json_depth=settings.max_json_depth,
    )
    app.add_middleware(CorrelationMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=runtime.metrics)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_allowed_origins),
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=list(CORS_REQUEST_HEADERS),
        expose_headers=list(CORS_EXPOSED_HEADERS),
        max_age=600,
    )
    if runtime.test_clock is not None:
        app.add_middleware(TestClockHeader, clock=runtime.test_clock)
    app.add_middleware(SecurityHeaders)  # outermost: every answer has them, refusals included
    app.include_router(health)
    app.include_router(metrics_router)
    for router in definition.routers:
        app.include_router(router)
    return app
