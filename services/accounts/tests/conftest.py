"""Accounts under test: SQLite in tmp_path, the in-process bus, a ManualClock.

Test modules are imported by path (importlib mode), so the helpers come as
fixtures: `accounts` is a running service with the usual steps as methods.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from accounts.adapters.signing import generate_key_pair
from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION
from accounts.settings import AccountsSettings
from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.service import Runtime
from testkit.services import running_service

KEYS = generate_key_pair()
PASSWORD = "correct horse battery"
PUBLIC_BASE_URL = "https://customer.example.com"


def accounts_settings(tmp_path: Any, **overrides: Any) -> AccountsSettings:
    return AccountsSettings(
        service_name="accounts",
        data_dir=tmp_path,
        jwt_private_key=KEYS[0],
        jwt_public_key=KEYS[1],
        log_format="console",
        public_base_url=PUBLIC_BASE_URL,
        **overrides,
    )


def token_of(url: str) -> str:
    """The token of an emailed link."""
    return parse_qs(urlsplit(url).query)["token"][0]


class Accounts:
    """A running accounts service and the steps tests take with it."""

    PASSWORD = PASSWORD
    PUBLIC_BASE_URL = PUBLIC_BASE_URL
    token_of = staticmethod(token_of)

    def __init__(
        self, client: httpx.AsyncClient, runtime: Runtime[AccountsSettings], clock: Any
    ) -> None:
        self.client = client
        self.runtime = runtime
        self.clock = clock

    async def events(self, name: str) -> list[dict[str, Any]]:
        """Payloads of the events of this name committed to the outbox, oldest first."""
        outbox = self.runtime.delivery.outbox
        async with self.runtime.db.sessions() as session:
            rows = await session.execute(
                select(outbox.c.body).where(outbox.c.name == name).order_by(outbox.c.id)
            )
            return [json.loads(body)["payload"] for (body,) in rows]

    async def register(self, email: str, **extra: Any) -> dict[str, Any]:
        answer = await self.client.post(
            "/register", json={"email": email, "password": PASSWORD, "full_name": "Ada", **extra}
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    async def log_in(self, email: str, password: str = PASSWORD) -> dict[str, str]:
        answer = await self.client.post("/token", json={"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    async def an_admin(self, email: str = "admin@example.com") -> dict[str, str]:
        """An admin as the operator's command makes one, password set with its link."""
        async with self.runtime.unit_of_work() as uow:
            _, _, url = await create_first_admin(
                uow, self.runtime.settings, email=email, full_name="Admin"
            )
        answer = await self.client.post(
            "/password/set", json={"token": token_of(url), "password": PASSWORD}
        )
        assert answer.status_code == 204, answer.text
        return await self.log_in(email)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))


@pytest.fixture
def start_accounts(tmp_path, clock) -> Callable[..., Any]:
    """Start accounts with setting overrides: `async with start_accounts(**overrides) as a:`."""

    @contextlib.asynccontextmanager
    async def start(*, with_clock: Any = clock, **overrides: Any) -> AsyncIterator[Accounts]:
        settings = accounts_settings(tmp_path, **overrides)
        async with running_service(
            DEFINITION, settings, clock=with_clock, bus=InProcessBus()
        ) as service:
            yield Accounts(service.client, service.runtime, with_clock)

    return start


@pytest.fixture
async def accounts(start_accounts) -> AsyncIterator[Accounts]:
    async with start_accounts() as service:
        yield service
