"""Prometheus metrics, the same for every service: `GET /metrics` in the text format.

Each `Runtime` owns its own `CollectorRegistry`, so several services in one
process (`make run`, the cross-service tests) never collide; nothing is
registered in prometheus_client's global registry.

What every service exposes:

- `http_requests_total` and `http_request_duration_seconds` by method, route
  template (`/messages/{message_id}`, never the raw path) and status;
- `messages_consumed_total`, `messages_failed_total` (the handler failed, the
  message was retried) and `messages_dead_lettered_total` per consumer queue,
  and `message_handling_duration_seconds`;
- `outbox_pending_messages` and `outbox_oldest_pending_age_seconds`, read from
  the database at each scrape, and `outbox_published_messages_total` /
  `outbox_publish_failures_total` counted by the relay;
- `broker_connected` (0 or 1) and `service_info`.

A service adds its own numbers in two ways: `ScrapedGauge`s in its
`ServiceDefinition.gauges`, read at each scrape (e.g. incompany's deadlines due
and late, counted in its database), or `runtime.metrics.gauge(...)` /
`runtime.metrics.counter(...)` that its code updates as things happen.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("chassis.metrics")

# `*_created` series (a timestamp per label set) double the output and no dashboard uses them.
disable_created_metrics()

SCRAPE_TIMEOUT_SECONDS = 5.0
"""How long a scrape waits for a database read before reporting it as failed."""

HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
"""The classic text format (0.0.4), which every Prometheus version reads."""
UNMATCHED_ROUTE = "<unmatched>"
"""The route label of a request no route matched (404s): raw paths would explode the series."""

GaugeValue = float | Mapping[tuple[str, ...], float]
"""What a scraped gauge reads: one value, or one value per tuple of label values."""


@dataclass(frozen=True)
class ScrapedGauge:
    """A gauge a service computes at each scrape, typically with a query of its database.

    `read` gets the runtime and returns one number, or, when `labels` are given,
    a mapping from a tuple of label values to a number (label sets absent from
    the mapping disappear from the output). Name it after the service, e.g.
    `incompany_deadlines_late`.
    """

    name: str
    documentation: str
    read: Callable[[Runtime], Awaitable[GaugeValue]]
    labels: Sequence[str] = ()


@dataclass(frozen=True)
class QueueMetrics:
    """One consumer queue's labelled series, looked up once rather than per delivery."""

    consumed: Counter
    failed: Counter
    dead_lettered: Counter
    database_unavailable: Counter
    handling_duration: Histogram


class Metrics:
    """The metrics of one running service, in a registry of its own."""

    def __init__(self, service: str, version: str = "", queues: Sequence[str] = ()) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_requests = Counter(
            "http_requests", "HTTP requests handled", ["method", "route", "status"], registry=r
        )
        self.http_duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route", "status"],
            buckets=HTTP_BUCKETS,
            registry=r,
        )
        self.consumed = Counter(
            "messages_consumed",
            "Messages handled and acknowledged (duplicates included)",
            ["queue"],
            registry=r,
        )
        self.failed = Counter(
            "messages_failed",
            "Handler failures whose message was requeued for another attempt",
            ["queue"],
            registry=r,
        )
        self.dead_lettered = Counter(
            "messages_dead_lettered",
            "Messages moved to their dead-letter queue",
            ["queue"],
            registry=r,
        )
        self.database_unavailable = Counter(
            "messages_held_database_unavailable",
            "Tries of a delivery held because the database was out of reach",
            ["queue"],
            registry=r,
        )
        self.handling_duration = Histogram(
            "message_handling_duration_seconds",
            "Time to handle one delivery, whatever its outcome",
            ["queue"],
            buckets=HANDLING_BUCKETS,
            registry=r,
        )
        self.outbox_pending = Gauge(
            "outbox_pending_messages", "Outbox rows not yet published (read at scrape)", registry=r
        )
        self.outbox_oldest_age = Gauge(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest unpublished outbox row; 0 when none (read at scrape)",
            registry=r,
        )
        self.outbox_published = Counter(
            "outbox_published_messages", "Outbox rows published and confirmed", registry=r
        )
        self.outbox_failures = Counter(
            "outbox_publish_failures", "Outbox rows whose publication failed", registry=r
        )
        self.broker_connected = Gauge(
            "broker_connected", "1 when the broker connection is up, else 0", registry=r
        )
        self.collection_errors = Counter(
            "metrics_collection_errors",
            "Scrape-time reads that failed (their gauges read NaN meanwhile)",
            ["source"],
            registry=r,
        )
        Info("service", "The service behind these metrics", registry=r).info(
            {"service": service, "version": version}
        )
        for queue in queues:  # every own queue shows up at 0 from the start
            for counter in (self.consumed, self.failed, self.dead_lettered):
                counter.labels(queue=queue)
        self._scraped: list[tuple[ScrapedGauge, Gauge]] = []
        self._own: dict[str, Counter | Gauge] = {}

    # --- what the service registers ---------------------------------------------------------

    def add_scraped(self, gauges: Sequence[ScrapedGauge]) -> None:
        for spec in gauges:
            gauge = Gauge(spec.name, spec.documentation, list(spec.labels), registry=self.registry)
            self._scraped.append((spec, gauge))

    def gauge(self, name: str, documentation: str, labels: Sequence[str] = ()) -> Gauge:
        """This runtime's gauge `name`, created on first use."""
        return self._get_or_create(Gauge, name, documentation, labels)  # type: ignore[return-value]

    def counter(self, name: str, documentation: str, labels: Sequence[str] = ()) -> Counter:
        """This runtime's counter `name` (exposed as `name_total`), created on first use."""
        return self._get_or_create(Counter, name, documentation, labels)  # type: ignore[return-value]

    def _get_or_create(
        self,
        kind: type[Counter] | type[Gauge],
        name: str,
        documentation: str,
        labels: Sequence[str],
    ) -> Counter | Gauge:
        existing = self._own.get(name)
        if existing is not None:
            if not isinstance(existing, kind):
                raise ValueError(f"metric {name} exists as a {type(existing).__name__}")
            return existing
        metric = kind(name, documentation, list(labels), registry=self.registry)
        self._own[name] = metric
        return metric

    # --- what the chassis records -------------------------------------------------------------

    def of_queue(self, queue: str) -> QueueMetrics:
        """The labelled series of one consumer queue (`labels()` is a locked lookup)."""
        return QueueMetrics(
            consumed=self.consumed.labels(queue=queue),
            failed=self.failed.labels(queue=queue),
            dead_lettered=self.dead_lettered.labels(queue=queue),
            database_unavailable=self.database_unavailable.labels(queue=queue),
            handling_duration=self.handling_duration.labels(queue=queue),
        )

    def published(self, sent: int, failed: int) -> None:
        if sent:
            self.outbox_published.inc(sent)
        if failed:
            self.outbox_failures.inc(failed)

    async def refresh(self, runtime: Runtime) -> None:
        """Read the scrape-time numbers: outbox backlog, broker state, the service's gauges."""
        try:
            connected = await asyncio.wait_for(runtime.broker_ready(), SCRAPE_TIMEOUT_SECONDS)
        except Exception:
            connected = False
        self.broker_connected.set(1 if connected else 0)
        try:
            backlog = await asyncio.wait_for(runtime.relay.backlog(), SCRAPE_TIMEOUT_SECONDS)
        except Exception as error:
            log.warning("outbox backlog unavailable for metrics", error=repr(error))
            self.collection_errors.labels(source="outbox").inc()
            self.outbox_pending.set(math.nan)
            self.outbox_oldest_age.set(math.nan)
        else:
            self.outbox_pending.set(backlog.pending)
            age = 0.0
            if backlog.oldest_created_at is not None:
                age = max(0.0, (runtime.clock.now() - backlog.oldest_created_at).total_seconds())
            self.outbox_oldest_age.set(age)
        for spec, gauge in self._scraped:
            try:
                value = await asyncio.wait_for(spec.read(runtime), SCRAPE_TIMEOUT_SECONDS)
            except Exception as error:
                log.warning("service gauge unavailable", gauge=spec.name, error=repr(error))
                self.collection_errors.labels(source=spec.name).inc()
                if spec.labels:
                    gauge.clear()
                else:
                    gauge.set(math.nan)
                continue
            if spec.labels:
                if not isinstance(value, Mapping):
                    raise TypeError(f"{spec.name} has labels: its read must return a mapping")
                gauge.clear()
                for label_values, number in value.items():
                    gauge.labels(*label_values).set(number)
            else:
                if isinstance(value, Mapping):
                    raise TypeError(f"{spec.name} has no labels: its read must return a number")
                gauge.set(value)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or UNMATCHED_ROUTE
            labels = {"method": scope["method"], "route": template, "status": str(status)}
            self.metrics.http_requests.labels(**labels).inc()
            self.metrics.http_duration.labels(**labels).observe(time.perf_counter() - started)


metrics_router = APIRouter(tags=["operations"])


@metrics_router.get(
    "/metrics",
    summary="Prometheus metrics of this service",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {}}}},
)
async def metrics_endpoint(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    await runtime.metrics.refresh(runtime)
    return Response(runtime.metrics.exposition(), media_type=CONTENT_TYPE)
