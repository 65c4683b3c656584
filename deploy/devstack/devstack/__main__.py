"""`make run`: all five services under one address, on RabbitMQ when it answers.

Each service keeps its own database (SQLite files under DATA_DIR unless
`<SERVICE>_DATABASE_URL` names another) and its own broker connection, exactly
as in production; only the gateway is replaced by path prefixes in one
process. When RabbitMQ does not answer, an in-process bus carries the events
instead, and the first lines say so.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
from collections.abc import AsyncIterator
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
from chassis.service import Runtime, ServiceDefinition, create_app
from chassis.settings import DEFAULT_RABBITMQ_URL, load_settings
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS

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


def process_environment(rabbitmq_url: str, private_key: str, public_key: str) -> dict[str, str]:
    """What every service needs, run as its own process (`python -m <service> serve`) for a
    throwaway run (the fault suite, the benchmark), beside its own DATABASE_URL: the broker,
    the token keys, JSON logs, and fresh keys for incompany's protected data."""
    return {
        "RABBITMQ_URL": rabbitmq_url,
        "JWT_PUBLIC_KEY": public_key,
        "ACCOUNTS_JWT_PRIVATE_KEY": private_key,
        "LOG_FORMAT": "json",
        "ACCOUNTS_PUBLIC_BASE_URL": "https://app.example",
        "INCOMPANY_NRN_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "INCOMPANY_NRN_INDEX_KEY": secrets.token_urlsafe(32),
        "INCOMPANY_PLATFORM_LINK_KEY": secrets.token_urlsafe(32),
    }


def build_gateway(rabbitmq_url: str, use_broker: bool, data_dir: Path) -> FastAPI:
    private, public = token_keys(data_dir)
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
            **(
                {"jwt_private_key": os.environ.get("JWT_PRIVATE_KEY", private)}
                if definition is ACCOUNTS
                else {}
            ),
        )
        app = create_app(definition, settings, bus=bus)
        runtimes.append(app.state.runtime)
        routes.append(Mount(f"/{definition.name}", app=app))

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

    @gateway.get("/", summary="Where each service and its API docs are")
    async def index() -> dict[str, object]:
        return {
            "bus": "rabbitmq" if use_broker else "in-process",
            "services": {
                d.name: {"docs": f"/{d.name}/docs", "health": f"/{d.name}/health/ready"}
                for d in SERVICES
            },
        }

    return gateway


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
        f"gateway: http://{host}:{port}/  -- API docs at http://{host}:{port}/<service>/docs",
        flush=True,
    )
    print("services: " + ", ".join(f"/{d.name}" for d in SERVICES), flush=True)
    gateway = build_gateway(rabbitmq_url, use_broker, data_dir)
    uvicorn.run(gateway, host=host, port=port, log_config=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
