"""/metrics: one registry per runtime, HTTP by route template, the service's own gauges."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import APIRouter
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import MetaData

from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.metrics import Metrics, ScrapedGauge
from chassis.service import ServiceDefinition, create_app, delivery_tables
from chassis.settings import ServiceSettings
from contracts.accounts import UserRegisteredV1

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def definition(name: str, gauges=()) -> ServiceDefinition:
    metadata = MetaData()
    router = APIRouter()

    @router.get("/things/{thing_id}")
    async def thing(thing_id: int) -> dict[str, int]:
        return {"id": thing_id}

    return ServiceDefinition(
        name=name,
        title=name,
        metadata=metadata,
        delivery=delivery_tables(metadata),
        migrations="chassis:migrations",  # unused: the tables are created below
        routers=[router],
        gauges=gauges,
    )


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def started(definition, tmp_path, clock):
    settings = ServiceSettings(service_name=definition.name, data_dir=tmp_path)
    app = create_app(definition, settings, clock=clock, bus=InProcessBus())
    runtime = app.state.runtime
    async with runtime.db.engine.begin() as connection:
        await connection.run_sync(definition.metadata.create_all)
    return app, runtime


async def test_requests_are_counted_by_route_template_and_status(tmp_path):
    app, runtime = await started(definition("alpha"), tmp_path, ManualClock(NOW))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for thing in (1, 2, 3):
            assert (await client.get(f"/things/{thing}")).status_code == 200
        assert (await client.get("/things/not-a-number")).status_code == 422
        assert (await client.get("/nowhere/42")).status_code == 404
        answer = await client.get("/metrics")
    await runtime.db.dispose()
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    found = samples(answer.text)
    get = (("method", "GET"),)
    assert (
        found[("http_requests_total", (*get, ("route", "/things/{thing_id}"), ("status", "200")))]
        == 3
    )
    assert (
        found[("http_requests_total", (*get, ("route", "/things/{thing_id}"), ("status", "422")))]
        == 1
    )
    assert found[("http_requests_total", (*get, ("route", "<unmatched>"), ("status", "404")))] == 1
    assert not any("/things/1" in dict(labels).get("route", "") for _, labels in found)
    histogram = ("http_request_duration_seconds_count",)
    assert found[(*histogram, (*get, ("route", "/things/{thing_id}"), ("status", "200")))] == 3
    assert found[("outbox_pending_messages", ())] == 0
    assert found[("outbox_oldest_pending_age_seconds", ())] == 0
    assert found[("broker_connected", ())] == 1  # the in-process bus is always there


async def test_two_runtimes_in_one_process_keep_their_own_numbers(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    app_a, runtime_a = await started(definition("alpha"), tmp_path / "a", ManualClock(NOW))
    app_b, runtime_b = await started(definition("beta"), tmp_path / "b", ManualClock(NOW))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app_a), base_url="http://a"
    ) as a:
        await a.get("/things/1")
        await a.get("/things/2")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app_b), base_url="http://b"
    ) as b:
        await b.get("/things/1")
        text_b = (await b.get("/metrics")).text
    await runtime_a.db.dispose()
    await runtime_b.db.dispose()
    key = (
        "http_requests_total",
        (("method", "GET"), ("route", "/things/{thing_id}"), ("status", "200")),
    )
    assert samples(runtime_a.metrics.exposition().decode())[key] == 2
    assert samples(text_b)[key] == 1
    assert samples(text_b)[("service_info", (("service", "beta"), ("version", "0.1.0")))] == 1


async def test_a_service_gauge_is_read_at_each_scrape_and_nan_when_its_read_fails(tmp_path):
    readings: list[object] = [3, {("due",): 4.0, ("late",): 1.0}]
    failing = {"now": False}

    async def deadlines(runtime) -> float:
        if failing["now"]:
            raise ConnectionError("database away")
        return float(readings[0])  # type: ignore[arg-type]

    async def by_state(runtime):
        return readings[1]

    gauges = [
        ScrapedGauge("alpha_deadlines_due", "Deadlines due", deadlines),
        ScrapedGauge("alpha_deadlines", "Deadlines by state", by_state, labels=("state",)),
    ]
    app, runtime = await started(definition("alpha", gauges), tmp_path, ManualClock(NOW))
    async with client(app) as c:
        first = samples((await c.get("/metrics")).text)
        readings[0], readings[1] = 5, {("late",): 2.0}
        second = samples((await c.get("/metrics")).text)
        failing["now"] = True
        third = samples((await c.get("/metrics")).text)
    await runtime.db.dispose()
    assert first[("alpha_deadlines_due", ())] == 3
    assert first[("alpha_deadlines", (("state", "due"),))] == 4
    assert second[("alpha_deadlines_due", ())] == 5
    assert ("alpha_deadlines", (("state", "due"),)) not in second  # gone when no longer read
    assert second[("alpha_deadlines", (("state", "late"),))] == 2
    assert math.isnan(third[("alpha_deadlines_due", ())])
    assert third[("metrics_collection_errors_total", (("source", "alpha_deadlines_due"),))] == 1


async def test_the_outbox_backlog_and_its_age_are_read_at_scrape(tmp_path):
    clock = ManualClock(NOW)
    app, runtime = await started(definition("alpha"), tmp_path, clock)
    async with runtime.unit_of_work() as uow:  # not relayed: the runtime is not started
        uow.publish(
            UserRegisteredV1(
                user_id="00000000-0000-0000-0000-000000000001",
                email="a@example.be",
                full_name="A",
                account_kind="individual",
            )
        )
        await uow.commit()
    clock.advance(timedelta(seconds=90))
    async with client(app) as c:
        found = samples((await c.get("/metrics")).text)
    await runtime.db.dispose()
    assert found[("outbox_pending_messages", ())] == 1
    assert found[("outbox_oldest_pending_age_seconds", ())] == 90


def test_runtime_metrics_gauge_and_counter_are_created_once():
    metrics = Metrics("alpha")
    gauge = metrics.gauge("alpha_groups_open", "Open groups")
    assert metrics.gauge("alpha_groups_open", "Open groups") is gauge
    metrics.counter("alpha_reminders_sent", "Reminders sent").inc(2)
    text = metrics.exposition().decode()
    assert "alpha_reminders_sent_total 2.0" in text
    assert "alpha_groups_open 0.0" in text
