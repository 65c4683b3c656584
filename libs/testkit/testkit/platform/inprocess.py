"""The platform of the security suite: the five services in this process, on real PostgreSQL.

Authorization and bad input are about HTTP, not delivery: so the services run
in process (ASGI clients, no ports), each on its own fresh PostgreSQL database
(whose refusals differ from SQLite's), talking through one in-process bus, on
one manual clock (throttling windows and token lifetimes move when a test says
so). The real broker is for test_bus_bad_input.py, which starts its own.

Which services, and how accounts makes its first admin, come from the caller
(`PlatformServices`, built by tests/security/conftest.py): this package imports
no service module, so a service's internals can move without touching it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from cryptography.fernet import Fernet
from fastapi import FastAPI
from sqlalchemy import select

from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.sealing import LinkSealer, new_key
from chassis.service import Runtime, ServiceDefinition
from chassis.settings import ServiceSettings
from testkit.platform import people, world
from testkit.platform.forgery import Tokens
from testkit.platform.log_tape import Secrets
from testkit.platform.people import Person, Side
from testkit.services import RunningService, running_service

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
"""Monday 4 January 2027, 09:00 in Brussels and Paris."""

FirstAdmin = Callable[[Runtime, str, str], Awaitable[str]]
"""(accounts' runtime, email, full name) -> the single-use set-password link of a new admin.

The operator's bootstrap (`accounts create-admin`) runs on the wall clock, and
no HTTP route makes the first admin, by design; the platform needs it on its
manual clock, so the caller says how accounts does it."""


@dataclass(frozen=True)
class PlatformServices:
    """The services a platform can run, by name, and accounts' first-admin bootstrap."""

    definitions: dict[str, ServiceDefinition]
    first_admin: FirstAdmin


class Platform:
    """Five running services, their clients, and the seeding steps."""

    def __init__(self, tokens: Tokens, first_admin: FirstAdmin, link_key: str = "") -> None:
        self.tokens = tokens
        self.link_sealer = LinkSealer.from_setting(link_key or new_key())
        """Opens the links accounts seals for notifications, as notifications would."""
        self.clock = tokens.clock
        self.first_admin = first_admin
        self.services: dict[str, RunningService] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.people: dict[str, Person] = {}
        self.sides = {"A": Side("A"), "B": Side("B")}
        self.public_ids: dict[str, str] = {}
        self.secrets: Secrets | None = None

    def app(self, service: str) -> FastAPI:
        return self.services[service].app

    def client(self, service: str) -> httpx.AsyncClient:
        return self.clients[service]

    async def events(self, service: str, name: str) -> list[dict[str, Any]]:
        """Payloads of the events of this name the service committed, oldest first."""
        runtime = self.services[service].runtime
        outbox = runtime.delivery.outbox
        async with runtime.db.sessions() as session:
            rows = await session.execute(
                select(outbox.c.body).where(outbox.c.name == name).order_by(outbox.c.id)
            )
            return [json.loads(body)["payload"] for (body,) in rows]

    async def call(self, service: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.clients[service].request(method, path, **kwargs)

    async def expect(self, status: int, service: str, method: str, path: str, **kwargs: Any) -> Any:
        answer = await self.call(service, method, path, **kwargs)
        assert answer.status_code == status, f"{method} {service}{path}: {answer.text}"
        return answer.json() if answer.content else None

    async def fresh_token(self, person: Person) -> str:
        """Another session of the same person (for calls that end theirs)."""
        return await people.fresh_token(self, person)

    async def seed_people(self, secrets: Secrets) -> None:
        """An admin, staff, an individual, two companies' managers and HR, all logged in."""
        await people.seed_people(self, secrets)

    async def seed_world(self, secrets: Secrets) -> None:
        """What companies A and B own, through the APIs (`testkit.platform.world`)."""
        await world.seed_world(self, secrets)


def service_settings(
    definition: ServiceDefinition, database_url: str, public_key: str, **extra: Any
) -> ServiceSettings:
    values: dict[str, Any] = {
        "service_name": definition.name,
        "database_url": database_url,
        "jwt_public_key": public_key,
        "log_format": "json",
        "outbox_poll_seconds": 0.2,
        "outbox_max_backoff_seconds": 0.5,
        "retry_backoff_seconds": 0.01,
        "graceful_timeout_seconds": 5,
    }
    values.update(extra)
    return definition.settings_class.model_validate(values)


def platform_settings(
    definitions: dict[str, ServiceDefinition],
    keys: tuple[str, str],
    urls: dict[str, str],
    link_key: str = "",
    **per_service: dict[str, Any],
) -> dict[str, ServiceSettings]:
    """Each service's settings: accounts signs with the private key, all verify with the
    public one; accounts and notifications share the key sealing links' tokens;
    incompany's protected data gets keys of its own for the run."""
    private, public = keys
    link_key = link_key or new_key()
    extra: dict[str, dict[str, Any]] = {
        "accounts": {
            "jwt_private_key": private,
            "public_base_url": "https://app.example",
            "link_sealing_keys": link_key,
        },
        "notifications": {
            "link_sealing_keys": link_key,
            "public_base_url": "https://app.example",
        },
        "incompany": {
            "nrn_encryption_keys": Fernet.generate_key().decode(),
            "nrn_index_key": "blind-index-key-of-the-security-suite",
            "platform_link_key": "platform-link-key-of-the-security-suite",
            "deadline_poll_seconds": 3600,
        },
    }
    return {
        name: service_settings(
            definitions[name],
            urls[name],
            public,
            **{**extra.get(name, {}), **per_service.get(name, {})},
        )
        for name in urls
    }


@contextlib.asynccontextmanager
async def start_platform(
    services: PlatformServices,
    keys: tuple[str, str],
    new_database: Callable[[], Awaitable[str]],
    only: Sequence[str] | None = None,
    **per_service: dict[str, Any],
) -> AsyncIterator[Platform]:
    """The services (all, or `only` these) on their own PostgreSQL databases and one
    in-process bus; `per_service` overrides settings by service name.

    Clients do not raise the app's exceptions: an unhandled error is the 500 a
    caller would get, which the tests report as such.
    """
    names = tuple(services.definitions) if only is None else tuple(only)
    clock = ManualClock(NOW)
    link_key = new_key()
    platform = Platform(Tokens(keys[0], keys[1], clock), services.first_admin, link_key)
    urls = {name: await new_database() for name in names}
    settings = platform_settings(services.definitions, keys, urls, link_key, **per_service)
    bus = InProcessBus()
    async with contextlib.AsyncExitStack() as stack:
        for name in names:
            definition = services.definitions[name]
            service = await stack.enter_async_context(
                running_service(definition, settings[name], clock=clock, bus=bus)
            )
            platform.services[name] = service
            transport = httpx.ASGITransport(app=service.app, raise_app_exceptions=False)
            platform.clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://test")
            )
        yield platform
