"""Running a service inside a test: migrated database, real broker, HTTP client.

Test support, not production code: a dev dependency of the workspace, never in a
service's image. Every service's tests and the cross-service tests start services
the same way through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import aio_pika
import httpx
from fastapi import FastAPI

from chassis.clock import Clock
from chassis.inprocess import InProcessBus
from chassis.migrations import upgrade
from chassis.service import Runtime, ServiceDefinition, create_app
from chassis.settings import ServiceSettings
from contracts import QUEUES, ConsumerQueue


@dataclass
class RunningService:
    app: FastAPI
    runtime: Runtime
    client: httpx.AsyncClient


@contextlib.asynccontextmanager
async def running_service(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    *,
    clock: Clock | None = None,
    bus: InProcessBus | None = None,
) -> AsyncIterator[RunningService]:
    """Migrate the service's database, start its lifespan, and give an HTTP client.

    With `bus`, events go through the in-process bus: for tests of a service's
    own rules, which need no broker.
    """
    await asyncio.to_thread(upgrade, definition.migrations, settings.sqlalchemy_url())
    app = create_app(definition, settings, clock=clock, bus=bus)
    runtime: Runtime = app.state.runtime
    await runtime.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield RunningService(app, runtime, client)
    finally:
        await runtime.stop()


async def wait_until(
    condition: Callable[[], Awaitable[bool]],
    *,
    timeout: float = 15.0,
    interval: float = 0.05,
    message: str = "condition",
) -> None:
    """Poll an asynchronous outcome (a delivery) until it holds; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        if await condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        await asyncio.sleep(interval)


async def reset_queues(url: str, queues: tuple[ConsumerQueue, ...] = QUEUES) -> None:
    """Delete consumer queues and their dead-letter queues, so a test starts from empty."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue.name)
            await channel.queue_delete(queue.dead_letter_queue)
