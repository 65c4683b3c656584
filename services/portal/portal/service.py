"""The portal: the customer space and the staff's pages, served at `/` by the gateway.

A client of the five services' public REST APIs through the gateway
(`api_base_url`), like any other client: it reads no database and no bus, and
imports no service. Its pages are rendered on the server (Jinja2) and enhanced
with htmx (vendored, `static/vendor/`); every main path works without
JavaScript. `create_app` is the one place where it is wired.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from chassis.http import CorrelationMiddleware
from chassis.metrics import CONTENT_TYPE, Metrics, MetricsMiddleware
from portal.adapters.session_cookie import SessionSeal
from portal.domain.platform_time import PlatformTime
from portal.entrypoints.http import ROUTERS, errors
from portal.entrypoints.http.security import PortalSecurityHeaders
from portal.entrypoints.http.sessions import SessionMiddleware
from portal.settings import PortalSettings

VERSION = "0.1.0"


def create_app(
    settings: PortalSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """The portal's ASGI app; `transport` replaces the network (tests)."""
    seal = SessionSeal(
        [key.get_secret_value() for key in settings.session_keys],
        settings.session_max_age_seconds,
    )
    client = httpx.AsyncClient(
        base_url=settings.api_base_url,
        timeout=settings.api_timeout_seconds,
        limits=httpx.Limits(
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=settings.api_keepalive_seconds,
        ),
        transport=transport,
        follow_redirects=False,
    )
    metrics = Metrics("portal", VERSION)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await client.aclose()

    app = FastAPI(
        title="Portal",
        version=VERSION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.api_client = client
    app.state.default_language = settings.default_language
    app.state.settings = settings
    app.state.platform_time = PlatformTime()
    errors.install(app)
    app.mount("/static", StaticFiles(packages=[("portal", "static")]), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    app.add_middleware(SessionMiddleware, seal=seal, secure=settings.secure_cookies)
    app.add_middleware(CorrelationMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(PortalSecurityHeaders)  # outermost: every answer has them
    return app
