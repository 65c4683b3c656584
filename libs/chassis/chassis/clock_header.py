"""`X-Test-Clock` on every answer while the platform's test clock is in force (issue 14)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chassis.platform_clock import TestClock

HEADER = "X-Test-Clock"
"""On every answer while a test clock is in force: the platform's time, ISO 8601, UTC."""


class TestClockHeader:
    """A plain ASGI middleware: `X-Test-Clock: <platform time>` on every answer while
    the test clock is in force, so nobody mistakes the platform's time for the real one."""

    __test__ = False

    def __init__(self, app: ASGIApp, clock: TestClock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start" and self.clock.in_force:
                now = self.clock.now().isoformat().encode()
                message["headers"] = [*message.get("headers", []), (b"x-test-clock", now)]
            await send(message)

        await self.app(scope, receive, send_with_header)
