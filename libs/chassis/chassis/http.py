"""HTTP plumbing shared by every service: correlation ids, request logs, health."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chassis.correlation import HEADER, accept_correlation_id

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("chassis.http")


class CorrelationMiddleware:
    """Binds the request's correlation id (or a new one) for every log line and event.

    A plain ASGI middleware, not BaseHTTPMiddleware, so the contextvars it binds
    are the ones the endpoint runs in.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = dict(scope["headers"]).get(HEADER.lower().encode())
        correlation_id = accept_correlation_id(raw.decode("latin-1") if raw else None)
        started = time.perf_counter()
        status = 500

        async def send_with_header(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"].append((HEADER.lower().encode(), correlation_id.encode()))
            await send(message)

        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            try:
                await self.app(scope, receive, send_with_header)
            finally:
                log_request(scope, status, time.perf_counter() - started)


def log_request(scope: Scope, status: int, seconds: float) -> None:
    """The access line: one INFO line per request."""
    log.info(
        "request handled",
        method=scope["method"],
        path=scope.get("root_path", "") + scope["path"],
        status=status,
        duration_ms=round(seconds * 1000, 1),
    )


health = APIRouter(prefix="/health", tags=["health"])


@health.get("/live", summary="The process is up")
async def live() -> dict[str, str]:
    return {"status": "live"}


@health.get("/ready", summary="The database and the broker answer", response_model=None)
async def ready(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    checks = await runtime.readiness()
    ok = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ok else "not ready", "checks": checks},
        status_code=200 if ok else 503,
    )
