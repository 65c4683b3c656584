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
import logging
import os
import secrets
import shlex
import sys
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path

import aio_pika
import uvicorn
from cryptography.fernet import Fernet
from fastapi import FastAPI
from starlette.routing import Mount
from yarl import URL

from accounts.entrypoints.commands import create_admin
from accounts.service import DEFINITION as ACCOUNTS
from accounts.settings import AccountsSettings
from billing.service import DEFINITION as BILLING
from chassis.inprocess import InProcessBus
from chassis.logs import configure_logging
from chassis.migrations import upgrade
from chassis.sealing import new_key as new_sealing_key
from chassis.service import Runtime, ServiceDefinition, create_app
from chassis.settings import DEFAULT_RABBITMQ_URL, load_settings
from devstack.keys import incompany_keys, link_sealing_key, portal_session_key, token_keys
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from portal.service import create_app as create_portal
from portal.settings import PortalSettings

SERVICES: tuple[ServiceDefinition, ...] = (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)
PROBE_LOGGERS = ("aiormq", "aio_pika")
"""The AMQP client's loggers: a refused connection is an ERROR to them, an answer to us."""


@contextlib.contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


async def rabbitmq_answers(url: str) -> bool:
    """Whether RabbitMQ takes a connection at `url`: asked quietly, since "no" only means the
    in-process bus is used (the first line `make run` prints says which)."""
    with _quiet(PROBE_LOGGERS):
        try:
            connection = await asyncio.wait_for(aio_pika.connect(url), timeout=3)
        except Exception:
            return False
        await connection.close()
    return True


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
    emailed by the services point there (unless `PUBLIC_BASE_URL` says otherwise).
    Without an SMTP server (`NOTIFICATIONS_SMTP_HOST`), emails are written to
    `mail_folder(data_dir)`. `test_clocks`: the platform's test clock may be moved
    (chassis.platform_clock)."""
    private, public = token_keys(data_dir)
    link_key = link_sealing_key(data_dir)
    own: dict[str, dict[str, str]] = {  # each service's own settings, by name
        ACCOUNTS.name: {
            "jwt_private_key": os.environ.get("JWT_PRIVATE_KEY", private),
            "link_sealing_keys": link_key,
        },
        INCOMPANY.name: incompany_keys(data_dir),
        NOTIFICATIONS.name: {"link_sealing_keys": link_key, **_mail_delivery(data_dir)},
    }
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
            **own.get(definition.name, {}),
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
            session_keys=portal_session_key(data_dir),
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


def mail_folder(data_dir: Path) -> Path:
    """Where `make run` writes each email as a `.eml` file when no SMTP server is set."""
    return data_dir / "mail"


def _smtp_host() -> str:
    return os.environ.get("NOTIFICATIONS_SMTP_HOST") or os.environ.get("SMTP_HOST") or ""


def _mail_delivery(data_dir: Path) -> dict[str, str]:
    """An SMTP server named in the environment, else the folder under DATA_DIR."""
    if _smtp_host():
        return {}
    folder = os.environ.get("NOTIFICATIONS_MAIL_FOLDER") or str(mail_folder(data_dir))
    return {"mail_folder": folder}


def _public_base_url(definition: ServiceDefinition, public_url: str) -> dict[str, str]:
    """Links in emails lead to this gateway's portal, unless the environment names another."""
    if "public_base_url" not in definition.settings_class.model_fields:
        return {}
    return {"public_base_url": public_address(definition.name, public_url)}


def public_address(service: str, public_url: str) -> str:
    """`<SERVICE>_PUBLIC_BASE_URL`, else `PUBLIC_BASE_URL`, else the gateway's own address."""
    return (
        os.environ.get(f"{service.upper()}_PUBLIC_BASE_URL")
        or os.environ.get("PUBLIC_BASE_URL")
        or public_url
    )


def gateway_url(host: str, port: int) -> str:
    """The address the gateway is reached at (a wildcard bind is reached locally)."""
    reach = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    return f"http://{reach}:{port}"


def _address() -> tuple[Path, str, int]:
    data_dir = Path(os.environ.get("DATA_DIR", ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir, os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))


def admin_command() -> str:
    """How to make the first admin for this run: the same DATA_DIR, HOST, PORT (so the
    printed link opens this gateway's page) and database as `make run` was given."""
    names = ("DATA_DIR", "HOST", "PORT", "PUBLIC_BASE_URL", "ACCOUNTS_PUBLIC_BASE_URL")
    names += ("ACCOUNTS_DATABASE_URL",)
    given = " ".join(f"{n}={shlex.quote(os.environ[n])}" for n in names if os.environ.get(n))
    command = "uv run python -m devstack create-admin --email you@example.com --name 'Your Name'"
    return f"{given} {command}" if given else command


def ready_lines(data_dir: Path, url: str, *, smtp_host: str = "") -> list[str]:
    """What `make run` prints once it answers."""
    emails = (
        f"emails: sent to the SMTP server {smtp_host}"
        if smtp_host
        else f"emails: written as .eml files to {Path(_mail_delivery(data_dir)['mail_folder'])}"
        " (open one with any mail reader)"
    )
    return [
        f"ready: {url}/ (the portal)",
        f"API docs: {url}/<service>/docs, e.g. {url}/accounts/docs; {url}/api lists them",
        emails,
        f"first admin: {admin_command()}",
    ]


async def serve(gateway: FastAPI, host: str, port: int, ready: list[str]) -> None:
    """Serve until stopped; print `ready` once the server listens."""
    server = uvicorn.Server(uvicorn.Config(gateway, host=host, port=port, log_config=None))

    async def announce() -> None:
        while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.05)
        print("\n".join(ready), flush=True)

    announcing = asyncio.create_task(announce())
    try:
        await server.serve()
    finally:
        announcing.cancel()


def run() -> int:
    data_dir, host, port = _address()
    rabbitmq_url = os.environ.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL)
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
    configure_logging(
        "devstack", os.environ.get("LOG_FORMAT", "console"), os.environ.get("LOG_LEVEL", "INFO")
    )
    print(f"data: {data_dir}", flush=True)
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
    url = gateway_url(host, port)
    gateway = build_gateway(rabbitmq_url, use_broker, data_dir, url, test_clocks=test_clocks)
    ready = ready_lines(data_dir, url, smtp_host=_smtp_host())
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: uvicorn has shut down cleanly
        asyncio.run(serve(gateway, host, port, ready))
    return 0


def admin(argv: list[str]) -> int:
    """`python -m devstack create-admin --email E --name N`: accounts' `create-admin` on the
    database `make run` uses, its link on the address `make run` answers at."""
    data_dir, host, port = _address()
    configure_logging("devstack", "console", os.environ.get("LOG_LEVEL", "WARNING"))
    settings = load_settings(
        AccountsSettings,
        ACCOUNTS.name,
        data_dir=data_dir,
        database_url=os.environ.get("ACCOUNTS_DATABASE_URL", ""),
        public_base_url=public_address(ACCOUNTS.name, gateway_url(host, port)),
    )
    upgrade(ACCOUNTS.migrations, settings.sqlalchemy_url())
    return create_admin(settings, argv)


def main(argv: list[str] | None = None) -> int:
    """`python -m devstack` runs the platform; `python -m devstack create-admin ...` makes
    an admin for it."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["create-admin"]:
        return admin(args[1:])
    if args:
        sys.stderr.write("usage: python -m devstack [create-admin --email E --name N]\n")
        return 2
    return run()


if __name__ == "__main__":
    sys.exit(main())
