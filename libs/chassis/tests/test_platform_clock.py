"""The platform's test clock (issue 14): an offset on the real clock that only grows, wakes
whoever waits for it, is refused in production and is shown on every answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from chassis.clock import ManualClock
from chassis.clock_header import TestClockHeader
from chassis.platform_clock import TestClock, real_clock
from chassis.settings import ServiceSettings, load_settings

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def test_a_test_clock_runs_its_offset_ahead_of_the_real_one_and_only_forward():
    real = ManualClock(NOW)
    clock = TestClock(real)
    assert (clock.now(), clock.in_force) == (NOW, False)
    assert clock.apply(timedelta(days=2))
    real.advance(timedelta(minutes=5))
    assert clock.now() == NOW + timedelta(days=2, minutes=5)
    assert clock.in_force
    assert not clock.apply(timedelta(days=1))  # a late, smaller move changes nothing
    assert clock.now() == NOW + timedelta(days=2, minutes=5)
    assert clock.offset_for(NOW + timedelta(days=3)) == timedelta(days=3, minutes=-5)
    assert real_clock(clock) is real
    assert real_clock(real) is real


async def test_a_move_wakes_whoever_waits_for_it():
    clock = TestClock(ManualClock(NOW))
    waiting = asyncio.ensure_future(clock.moved().wait())
    await asyncio.sleep(0)
    assert not waiting.done()
    clock.apply(timedelta(hours=1))
    await asyncio.wait_for(waiting, timeout=1)
    assert not clock.moved().is_set()  # the next wait is for the next move


def test_test_clocks_are_off_unless_enabled_and_refused_in_production():
    assert load_settings(ServiceSettings, "billing", {}).test_clocks_enabled is False
    enabled = load_settings(ServiceSettings, "billing", {"TEST_CLOCKS_ENABLED": "true"})
    assert enabled.test_clocks_enabled
    assert enabled.environment == "development"
    with pytest.raises(ValidationError, match="refused when ENVIRONMENT is production"):
        load_settings(
            ServiceSettings, "billing", {"TEST_CLOCKS_ENABLED": "true", "ENVIRONMENT": "production"}
        )
    assert load_settings(ServiceSettings, "billing", {"ENVIRONMENT": "production"})


async def test_every_answer_carries_the_platforms_time_while_a_test_clock_is_in_force():
    app = FastAPI()

    @app.get("/anything")
    async def anything() -> dict[str, str]:
        return {}

    clock = TestClock(ManualClock(NOW))
    transport = httpx.ASGITransport(app=TestClockHeader(app, clock))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert "X-Test-Clock" not in (await client.get("/anything")).headers
        clock.apply(timedelta(days=15, hours=1))
        for path in ("/anything", "/missing"):
            answer = await client.get(path)
            assert answer.headers["X-Test-Clock"] == "2026-12-10T10:00:00+00:00"
