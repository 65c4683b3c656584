"""Gathering deliveries into batches: up to a count, or for a few milliseconds.

aio-pika hands each delivery to its own task. With batches on
(`CONSUMER_BATCH_SIZE` > 1, chassis.consumers), each task submits its delivery
here and waits: the first delivery of a batch starts the clock, the batch is
handled when it holds `size` deliveries or `wait_seconds` have passed, and
every task of the batch returns when the batch is done (so a graceful stop
still waits for it). The queue's prefetch bounds what can wait here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Batcher(Generic[T]):
    def __init__(
        self, size: int, wait_seconds: float, handle: Callable[[list[T]], Awaitable[None]]
    ) -> None:
        self._size = max(1, size)
        self._wait = wait_seconds
        self._handle = handle
        self._pending: list[tuple[T, asyncio.Future[None]]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Task[None]] = set()

    async def submit(self, item: T) -> None:
        """Add `item` to the open batch; return once its batch has been handled."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._pending.append((item, done))
        if len(self._pending) >= self._size:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self._wait, self._flush)
        await asyncio.shield(done)  # a cancelled waiter leaves its batch running

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if batch:
            task = asyncio.create_task(self._run(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run(self, batch: list[tuple[T, asyncio.Future[None]]]) -> None:
        try:
            await self._handle([item for item, _ in batch])
        except BaseException as error:
            for _, done in batch:
                if not done.done():
                    done.set_exception(error)
            if not isinstance(error, Exception):
                raise
        else:
            for _, done in batch:
                if not done.done():
                    done.set_result(None)
