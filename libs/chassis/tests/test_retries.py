"""Attempts and holds of a consumer, without a broker (issue 18).

The broker side (retry queues, a copy surviving a cut between republish and ack) is
in tests/test_retries.py.
"""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from chassis.batches import Batcher
from chassis.consumers import (
    HandlerTimedOut,
    _within,
    attempts_made,
    hold_while_database_away,
    retry_delay_ms,
    retry_delays_ms,
)
from chassis.settings import ServiceSettings
from contracts import ConsumerQueue
from contracts.accounts import UserRegisteredV1


class ManualClock:
    """A monotonic clock that moves only when the code under test pauses."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def test_the_attempt_comes_from_our_own_header_never_from_the_brokers_delivery_count():
    assert attempts_made({}) == 0
    assert attempts_made({"x-delivery-count": 7}) == 0
    assert attempts_made({"x-attempts": 2, "x-delivery-count": 0}) == 2
    assert attempts_made({"x-attempts": "junk"}) == 0
    assert attempts_made({"x-attempts": -3}) == 0


def test_retry_delays_double_up_to_their_cap_and_each_has_a_queue():
    settings = ServiceSettings(
        service_name="x", retry_backoff_seconds=0.5, retry_backoff_max_seconds=3
    )
    assert [retry_delay_ms(settings, a) for a in (1, 2, 3, 4, 5)] == [500, 1000, 2000, 3000, 3000]
    queues = [ConsumerQueue(name="q", event=UserRegisteredV1, delivery_limit=5)]
    assert retry_delays_ms(settings, queues) == [500, 1000, 2000, 3000]


async def test_a_delivery_held_while_the_database_is_away_is_released_within_its_bound():
    clock = ManualClock()
    tries = []

    async def database_away() -> None:
        tries.append(clock.now)
        raise ConnectionRefusedError("connection refused")

    handled = await hold_while_database_away(
        database_away,
        hold_seconds=60,
        max_pause_seconds=5,
        monotonic=clock.monotonic,
        sleep=clock.sleep,
    )
    assert handled is False, "released, not held on"
    assert clock.now <= 60, f"held {clock.now} s, longer than its 60 s bound"
    assert clock.now > 50, "held almost to the bound, not given up early"
    assert max(clock.pauses) == 5
    assert len(tries) == len(clock.pauses) + 1


async def test_a_held_delivery_is_handled_once_the_database_answers():
    clock = ManualClock()
    calls = []

    async def back_on_the_third_try() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionResetError("reset")

    handled = await hold_while_database_away(
        back_on_the_third_try,
        hold_seconds=60,
        max_pause_seconds=5,
        monotonic=clock.monotonic,
        sleep=clock.sleep,
    )
    assert handled is True
    assert len(calls) == 3


async def test_a_handler_failure_or_timeout_is_not_held_it_fails_the_attempt():
    clock = ManualClock()

    async def broken() -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        await hold_while_database_away(
            broken, hold_seconds=60, max_pause_seconds=5, sleep=clock.sleep
        )

    async def hangs() -> None:
        await _within(0.01, asyncio.Event().wait())

    with pytest.raises(HandlerTimedOut):
        await hold_while_database_away(
            hangs, hold_seconds=60, max_pause_seconds=5, sleep=clock.sleep
        )
    assert clock.pauses == []


def test_the_default_bounds_release_every_delivery_well_before_the_consumer_timeout():
    settings = ServiceSettings(service_name="x")
    assert settings.broker_consumer_timeout_seconds == 1800  # RabbitMQ's default
    assert settings.longest_delivery_hold_seconds() <= 900


def test_bounds_that_could_reach_the_consumer_timeout_are_refused():
    with pytest.raises(ValidationError, match="BROKER_CONSUMER_TIMEOUT_SECONDS"):
        ServiceSettings(
            service_name="x", delivery_hold_max_seconds=1500, handler_timeout_seconds=300
        )
    with pytest.raises(ValidationError, match="held"):
        ServiceSettings(service_name="x", broker_consumer_timeout_seconds=600)


async def test_a_batch_is_handled_as_soon_as_it_is_full_and_each_waiter_returns_with_it():
    handled: list[list[int]] = []

    async def handle(items: list[int]) -> None:
        handled.append(items)

    batcher = Batcher(3, 3600, handle)  # the wait never ends in this test: only the count
    await asyncio.wait_for(asyncio.gather(*(batcher.submit(n) for n in (1, 2, 3))), 5)
    assert handled == [[1, 2, 3]]


async def test_a_failing_batch_fails_every_waiter_of_it():
    async def handle(items: list[int]) -> None:
        raise RuntimeError("batch lost")

    batcher = Batcher(2, 3600, handle)
    results = await asyncio.wait_for(
        asyncio.gather(batcher.submit(1), batcher.submit(2), return_exceptions=True), 5
    )
    assert [str(r) for r in results] == ["batch lost", "batch lost"]
