"""`make run`: all five services under one address, on RabbitMQ when it answers, and the
portal's pages at `/`.

Each service keeps its own database (SQLite files under DATA_DIR unless
`<SERVICE>_DATABASE_URL` names another) and its own broker connection, exactly
as in production; only the gateway is replaced by path prefixes in one
process. When RabbitMQ does not answer, an in-process bus carries the events
instead, and the first lines say so. The portal (services/portal) is mounted at
`/` after the five prefixes and calls their APIs back through this same address,
as it calls the gateway in production; its session key is made once under DATA_DIR.
Test clocks are enabled (docs/API.md, "Test clocks": an admin moves the platform's
time forward) unless TEST_CLOCKS_ENABLED=false, and the first lines say so.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import aio_pika
import uvicorn
from cryptography.fernet import Fernet
from fastapi import FastAPI
from starlette.routing import Mount
from yarl import URL

from accounts.adapters.signing import generate_key_pair
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.inprocess import InProcessBus
from chassis.logs import configure_logging
from chassis.migrations import upgrade
from chassis.sealing import new_key as new_sealing_key
from chassis.service import Runtime, ServiceDefinition, create_app
from chassis.settings import DEFAULT_RABBITMQ_URL, load_settings
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from portal.adapters.session_cookie import new_key as new_session_key
from portal.service import create_app as create_portal
from portal.settings import PortalSettings

SERVICES: tuple[ServiceDefinition, ...] = (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)


async def rabbitmq_answers(url: str) -> bool:
    try:
        connection = await asyncio.wait_for(aio_pika.connect(url), timeout=3)
    except Exception:
        return False
    await connection.close()
    return True


def token_keys(data_dir: Path) -> tuple[str, str]:
    """A development signing key pair, made once and kept (owner-only) under DATA_DIR."""
    private_path, public_path = data_dir / "jwt-private.pem", data_dir / "jwt-public.pem"
    if not private_path.exists():
        private, public = generate_key_pair()
        private_path.touch(mode=0o600)
        private_path.write_text(private)
        public_path.write_text(public)
    return private_path.read_text(), public_path.read_text()


def link_sealing_key(data_dir: Path) -> str:
    """A development key sealing links' tokens for notifications, made once and kept
    (owner-only) under DATA_DIR, so links in messages still pending open after a restart."""
    path = data_dir / "link-sealing.key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(new_sealing_key())
    return path.read_text().strip()


def portal_session_key(data_dir: Path) -> str:
    """A development key for the portal's session cookies, made once (owner-only)."""
    path = data_dir / "portal-session.key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(new_session_key())
    return path.read_text().strip()


def process_environment(rabbitmq_url: str, private_key: str, public_key: str) -> dict[str, str]:
    """What every service needs, run as its own process (`python -m <service> serve`) for a
    throwaway run (the fault suite, the benchmark), beside its own DATABASE_URL: the broker,
    the token keys, JSON logs, a fresh key sealing links between accounts and
    notifications, and fresh keys for incompany's protected data."""
    link_key = new_sealing_key()
    return {
        "RABBITMQ_URL": rabbitmq_url,
        "JWT_PUBLIC_KEY": public_key,
        "ACCOUNTS_JWT_PRIVATE_KEY": private_key,
        "LOG_FORMAT": "json",
        "ACCOUNTS_PUBLIC_BASE_URL": "https://app.example",
        "NOTIFICATIONS_PUBLIC_BASE_URL": "https://app.example",
        "ACCOUNTS_LINK_SEALING_KEYS": link_key,
        "NOTIFICATIONS_LINK_SEALING_KEYS": link_key,
        "INCOMPANY_NRN_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "INCOMPANY_NRN_INDEX_KEY": secrets.token_urlsafe(32),
        "INCOMPANY_PLATFORM_LINK_KEY": secrets.token_urlsafe(32),
    }


def wants_test_clocks(environ: Mapping[str, str] = os.environ) -> bool:
    """Local development moves time: on unless TEST_CLOCKS_ENABLED says false."""
    value = environ.get("TEST_CLOCKS_ENABLED", "true").strip().lower()
    return value not in ("0", "false", "no", "off")


def build_gateway(
    rabbitmq_url: str,
    use_broker: bool,
    data_dir: Path,
    public_url: str = "http://127.0.0.1:8000",
    *,
    test_clocks: bool = True,
) -> FastAPI:
    """The five services under their prefixes and the portal at `/`; `public_url` is the
    address this gateway answers at: the portal calls the APIs there, and the links
    emailed by the services point there (unless `<SERVICE>_PUBLIC_BASE_URL` says otherwise).
    `test_clocks`: the platform's test clock may be moved (chassis.platform_clock)."""
    private, public = token_keys(data_dir)
    link_key = os.environ.get("LINK_SEALING_KEYS") or link_sealing_key(data_dir)
    bus = None if use_broker else InProcessBus()
    runtimes: list[Runtime] = []
    routes = []
    for definition in SERVICES:
        settings = load_settings(
            definition.settings_class,
            definition.name,
            data_dir=data_dir,
            # Never the plain DATABASE_URL: five services must not share one database.
            database_url=os.environ.get(f"{definition.name.upper()}_DATABASE_URL", ""),
            rabbitmq_url=rabbitmq_url,
            jwt_public_key=os.environ.get("JWT_PUBLIC_KEY", public),
            log_format=os.environ.get("LOG_FORMAT", "console"),
            test_clocks_enabled=test_clocks,
            **(
                {"jwt_private_key": os.environ.get("JWT_PRIVATE_KEY", private)}
                if definition is ACCOUNTS
                else {}
            ),
            **({"link_sealing_keys": link_key} if definition in (ACCOUNTS, NOTIFICATIONS) else {}),
            **_public_base_url(definition, public_url),
        )
        app = create_app(definition, settings, bus=bus)
        runtimes.append(app.state.runtime)
        routes.append(Mount(f"/{definition.name}", app=app))
    portal = create_portal(
        load_settings(
            PortalSettings,
            "portal",
            api_base_url=os.environ.get("PORTAL_API_BASE_URL", public_url),
            session_keys=os.environ.get("PORTAL_SESSION_KEYS") or portal_session_key(data_dir),
            secure_cookies=public_url.startswith("https://"),
            log_format=os.environ.get("LOG_FORMAT", "console"),
        )
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Mounted apps' own lifespans do not run: the gateway runs them all.
        for runtime in runtimes:
            url = runtime.settings.sqlalchemy_url()
            await asyncio.to_thread(upgrade, runtime.definition.migrations, url)
            await runtime.start()
        try:
            yield
        finally:
            for runtime in reversed(runtimes):
                await runtime.stop()

    gateway = FastAPI(
        title="Training platform (development gateway)", lifespan=lifespan, routes=routes
    )

    @gateway.get("/api", summary="Where each service and its API docs are")
    async def index() -> dict[str, object]:
        return {
            "bus": "rabbitmq" if use_broker else "in-process",
            "services": {
                d.name: {"docs": f"/{d.name}/docs", "health": f"/{d.name}/health/ready"}
                for d in SERVICES
            },
            "portal": "/",
        }

    gateway.mount("/", portal)  # after the services' prefixes and /api: the rest is pages
    return gateway


def _public_base_url(definition: ServiceDefinition, public_url: str) -> dict[str, str]:
    """Links in emails lead to this gateway's portal, unless the environment names another."""
    if "public_base_url" not in definition.settings_class.model_fields:
        return {}
    name = f"{definition.name.upper()}_PUBLIC_BASE_URL"
    address = os.environ.get(name) or os.environ.get("PUBLIC_BASE_URL") or public_url
    return {"public_base_url": address}


def main() -> int:
    data_dir = Path(os.environ.get("DATA_DIR", ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    rabbitmq_url = os.environ.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL)
    configure_logging(
        "devstack", os.environ.get("LOG_FORMAT", "console"), os.environ.get("LOG_LEVEL", "INFO")
    )
    use_broker = asyncio.run(rabbitmq_answers(rabbitmq_url))
    safe_url = str(
        URL(rabbitmq_url).with_password(None) if URL(rabbitmq_url).password else rabbitmq_url
    )
    print(
        f"bus: RabbitMQ at {safe_url}"
        if use_broker
        else f"bus: in-process (RabbitMQ at {safe_url} does not answer;"
        " events stay in this process)",
        flush=True,
    )
    print(f"data: {data_dir}", flush=True)
    print(
        f"portal: http://{host}:{port}/  -- API docs at http://{host}:{port}/<service>/docs",
        flush=True,
    )
    print("services: " + ", ".join(f"/{d.name}" for d in SERVICES), flush=True)
    test_clocks = wants_test_clocks()
    print(
        "test clocks: enabled -- an admin moves the platform's time with "
        f"PUT http://{host}:{port}/accounts/test-clock (docs/API.md); "
        "TEST_CLOCKS_ENABLED=false to run on the real time"
        if test_clocks
        else "test clocks: disabled (TEST_CLOCKS_ENABLED=false)",
        flush=True,
    )
    # The portal calls the APIs back through this address (a wildcard bind is reached locally).
    reach = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    gateway = build_gateway(
        rabbitmq_url, use_broker, data_dir, f"http://{reach}:{port}", test_clocks=test_clocks
    )
    uvicorn.run(gateway, host=host, port=port, log_config=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
