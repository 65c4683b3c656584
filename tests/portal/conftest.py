"""The portal in a real browser: the five services and the portal served over HTTP.

One platform for the module's walks, as `make run` serves it: the five services
mounted under their prefixes and the portal at `/`, on a free local port
(uvicorn, in this process), each service on its own fresh PostgreSQL database,
talking through the real RabbitMQ; the portal calls their APIs back through the
same address, as it calls the gateway in production. One manual clock moves time
for every service. Every email goes to a real SMTP server (aiosmtpd) whose
messages the walks read and whose links they open.

Chromium is Debian's (`/usr/bin/chromium`, installed by `.ci/run` when missing),
driven by Playwright: `playwright install` cannot download browsers here.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.message
import email.policy
import os
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import pytest_asyncio
import uvicorn
from aiosmtpd.controller import Controller
from axe_playwright_python.async_playwright import Axe
from cryptography.fernet import Fernet
from playwright.async_api import Browser, BrowserContext, Page, Response, async_playwright
from starlette.applications import Starlette
from starlette.routing import Mount

from accounts.adapters.signing import generate_key_pair
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from chassis.migrations import upgrade
from chassis.sealing import new_key as new_sealing_key
from chassis.service import Runtime, create_app
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from portal.service import create_app as create_portal
from portal.settings import PortalSettings
from testkit.databases import throwaway_databases
from testkit.services import reset_queues, wait_until

try:  # accounts' operator bootstrap, wherever the service keeps it
    from accounts.handlers.staff import create_first_admin  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - the layout before accounts took its one shape
    from accounts.staff import create_first_admin

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
"""Chromium's own connections (updates, sync, field trials) are refused on this closed
network: asked not to make them, it starts at once."""
CHROMIUM_PRESENT = CHROMIUM.exists()

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "portal"
START = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
"""Monday 4 January 2027, 09:00 in Brussels and Paris."""
STAFF_ALERTS = "service-clients@training.example"
SERVICES = (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)


DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 812}
BLOCKING = ("serious", "critical")
"""axe-core's impacts a page may not have (the issue: no serious or critical violation)."""

_axe = Axe()


@dataclass
class Seen:
    """What the walks saw across every page: axe's findings, CSP reports, pages checked."""

    violations: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    pages: set[str] = field(default_factory=set)
    screenshots: list[str] = field(default_factory=list)


@dataclass
class Visitor:
    """One person's browser context and page."""

    browser: Browser
    context: BrowserContext
    page: Page
    base: str
    seen: Seen
    shots: Path
    name: str = ""
    javascript: bool = True

    @classmethod
    async def open(
        cls,
        browser: Browser,
        base: str,
        seen: Seen,
        shots: Path,
        *,
        javascript: bool = True,
        name: str = "",
    ) -> Visitor:
        context = await browser.new_context(
            locale="fr-BE",
            timezone_id="Europe/Brussels",
            viewport=DESKTOP,
            java_script_enabled=javascript,
            accept_downloads=True,
        )
        page = await context.new_page()
        visitor = cls(browser, context, page, base, seen, shots, name, javascript)
        page.on("console", visitor._console)
        return visitor

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.seen.csp.append(f"{self.page.url}: {message.text}")

    async def goto(self, path: str) -> Response:
        answer = await self.page.goto(path if path.startswith("http") else self.base + path)
        assert answer is not None
        return answer

    async def check(self, name: str | None = None) -> None:
        """axe on this page; with a name, the desktop and phone screenshots too.

        axe runs in the page: for a visitor without JavaScript, in a twin browser
        context that has it, on the same address with the same cookies."""
        twin = None
        page = self.page
        if not self.javascript:
            twin = await self.browser.new_context(locale="fr-BE", viewport=DESKTOP)
            await twin.add_cookies(await self.context.cookies())
            page = await twin.new_page()
            await page.goto(self.page.url)
        try:
            results = await _axe.run(page)
        finally:
            if twin is not None:
                await twin.close()
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [n["target"] for n in violation["nodes"]][:3]
                self.seen.violations.append(
                    f"{self.path()}: {violation['id']} ({violation['impact']}) {targets}"
                )
        self.seen.pages.add(re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", self.path()))
        if name:
            await self.screenshots(name)

    async def screenshots(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)
        phone = await self.browser.new_context(
            locale="fr-BE",
            timezone_id="Europe/Brussels",
            viewport=PHONE,
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
        )
        try:
            await phone.add_cookies(await self.context.cookies())
            page = await phone.new_page()
            await page.goto(self.page.url)
            overflow = await page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name}: {overflow}px wider than a 375 px phone"
            await page.screenshot(path=str(self.shots / f"{name}-phone.png"), full_page=True)
        finally:
            await phone.close()
        self.seen.screenshots.append(name)

    async def screens_on_phone(self, selector: str) -> float:
        """How many screens of a 375 x 812 px phone `selector` of this page takes."""
        phone = await self.browser.new_context(
            locale="fr-BE", timezone_id="Europe/Brussels", viewport=PHONE, is_mobile=True
        )
        try:
            await phone.add_cookies(await self.context.cookies())
            page = await phone.new_page()
            await page.goto(self.page.url)
            box = await page.locator(selector).bounding_box()
            assert box is not None, f"{selector}: not on the page"
            return float(box["height"]) / PHONE["height"]
        finally:
            await phone.close()

    def path(self) -> str:
        url = self.page.url
        return url[len(self.base) :] if url.startswith(self.base) else url

    async def fill(self, label: str, value: str) -> None:
        await self.page.get_by_label(label, exact=True).fill(value)

    async def press(self, name: str) -> None:
        """Click the button named `name` and wait for the page it leads to."""
        async with self.page.expect_navigation():
            await self.page.get_by_role("button", name=name, exact=True).click()

    async def text(self) -> str:
        return await self.page.inner_text("main")

    async def log_in(self, email: str, password: str) -> None:
        await self.goto("/login")
        await self.fill("Adresse e-mail", email)
        await self.fill("Mot de passe", password)
        await self.press("Se connecter")
        assert "/login" not in self.path(), await self.text()

    async def log_out(self) -> None:
        async with self.page.expect_navigation():
            await self.page.locator("header").get_by_role("button", name="Se déconnecter").click()

    async def close(self) -> None:
        await self.context.close()


class MailSink:
    """A real SMTP server's handler: every message it accepted, in order."""

    def __init__(self) -> None:
        self.accepted: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"

    def to(self, address: str, subject_part: str = "") -> list[email.message.EmailMessage]:
        return [
            m
            for m in self.accepted
            if address.lower() in str(m["To"]).lower() and subject_part in str(m["Subject"])
        ]

    async def received(
        self, address: str, subject_part: str, count: int = 1
    ) -> email.message.EmailMessage:
        async def arrived() -> bool:
            return len(self.to(address, subject_part)) >= count

        await wait_until(arrived, timeout=20, message=f"{subject_part!r} to {address}")
        return self.to(address, subject_part)[count - 1]

    @staticmethod
    def text_of(message: email.message.EmailMessage) -> str:
        body = message.get_body(preferencelist=("plain",))
        return str(body.get_content()) if body is not None else ""  # type: ignore[union-attr]

    @classmethod
    def links(cls, message: email.message.EmailMessage) -> list[str]:
        return re.findall(r"https?://[^\s<>\"')]+", cls.text_of(message))

    @classmethod
    def link(cls, message: email.message.EmailMessage, path: str) -> str:
        """The message's one link to `path` (e.g. `/set-password`)."""
        [found] = [link for link in cls.links(message) if f"/{path.strip('/')}" in link]
        return found


@dataclass
class Platform:
    url: str
    clock: ManualClock
    mail: MailSink
    runtimes: dict[str, Runtime]
    api: httpx.AsyncClient
    passwords: dict[str, str] = field(default_factory=dict)
    """Everyone's current password, by email: the link check logs in as the recipient."""
    ids: dict[str, str] = field(default_factory=dict)

    async def first_admin(self, email_address: str, full_name: str) -> str:
        """`accounts create-admin`'s work, on the platform's clock: the set-password link."""
        accounts = self.runtimes["accounts"]
        async with accounts.unit_of_work() as uow:
            _, _, link = await create_first_admin(
                uow, accounts.settings, email=email_address, full_name=full_name
            )
        return str(link)

    @staticmethod
    def token_of(link: str) -> str:
        [token] = re.findall(r"[?&]token=([^\s&]+)", link)
        return unquote(token)

    async def token(self, email_address: str) -> dict[str, str]:
        answer = await self.api.post(
            "/accounts/token",
            json={"email": email_address, "password": self.passwords[email_address]},
        )
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def service_settings(
    name: str, database_url: str, rabbitmq_url: str, keys: tuple[str, str], **extra: Any
) -> Any:
    private, public = keys
    values: dict[str, Any] = {
        "service_name": name,
        "database_url": database_url,
        "rabbitmq_url": rabbitmq_url,
        "jwt_public_key": public,
        "log_format": "console",
        "log_level": "WARNING",
        "outbox_poll_seconds": 0.1,
        "outbox_max_backoff_seconds": 0.5,
        "broker_reconnect_seconds": 0.2,
        "retry_backoff_seconds": 0.01,
        "graceful_timeout_seconds": 5,
        # the platform's test clock over the walks' manual one (docs/API.md "Test clocks"):
        # walk 4 moves it as an integrator would, through `PUT /accounts/test-clock`
        "test_clocks_enabled": True,
    }
    if name == "accounts":
        values["jwt_private_key"] = private
    values.update(extra)
    definition = next(d for d in SERVICES if d.name == name)
    return definition.settings_class.model_validate(values)


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[MailSink, int]]:
    port = free_port()
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def platform(
    rabbitmq_url: str, postgres_url: str, smtp: tuple[MailSink, int]
) -> AsyncIterator[Platform]:
    sink, smtp_port = smtp
    await reset_queues(rabbitmq_url)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    keys = generate_key_pair()
    clock = ManualClock(START)
    link_key = new_sealing_key()
    extra: dict[str, dict[str, Any]] = {
        "accounts": {"public_base_url": url, "link_sealing_keys": link_key},
        "enrollment": {"overdue_scan_seconds": 0.2},
        "incompany": {
            "public_base_url": url,
            "nrn_encryption_keys": Fernet.generate_key().decode(),
            "nrn_index_key": "blind-index-key-of-the-portal-walks",
            "platform_link_key": "platform-link-key-of-the-portal-walks",
        },
        "billing": {"seller_name": "Formations SA"},
        "notifications": {
            "link_sealing_keys": link_key,
            "public_base_url": url,
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            "smtp_from": "Formations <no-reply@training.example>",
            "delivery_poll_seconds": 0.05,
            "staff_alerts_email": STAFF_ALERTS,
        },
    }
    async with throwaway_databases(postgres_url, prefix="portal") as new_database:
        runtimes: dict[str, Runtime] = {}
        routes = []
        for definition in SERVICES:
            settings = service_settings(
                definition.name,
                await new_database(),
                rabbitmq_url,
                keys,
                **extra.get(definition.name, {}),
            )
            await asyncio.to_thread(upgrade, definition.migrations, settings.sqlalchemy_url())
            app = create_app(definition, settings, clock=clock)
            runtimes[definition.name] = app.state.runtime
            routes.append(Mount(f"/{definition.name}", app=app))
        portal = create_portal(
            PortalSettings(
                service_name="portal",
                api_base_url=url,
                session_keys=(Fernet.generate_key().decode(),),
                secure_cookies=False,
                log_format="console",
                log_level="WARNING",
            )
        )
        routes.append(Mount("/", app=portal))
        gateway = Starlette(routes=routes)
        server = uvicorn.Server(
            uvicorn.Config(
                gateway,
                host="127.0.0.1",
                port=port,
                lifespan="off",
                log_config=None,
                access_log=False,
            )
        )
        for runtime in runtimes.values():
            await runtime.start()
        serving = asyncio.create_task(server.serve())
        try:
            async with httpx.AsyncClient(base_url=url, timeout=20) as api:

                async def up() -> bool:
                    return server.started

                await wait_until(up, message="the gateway to listen")
                yield Platform(url, clock, sink, runtimes, api)
        finally:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(serving, timeout=10)
            for runtime in reversed(list(runtimes.values())):
                await runtime.stop()


@pytest.fixture(scope="module")
def seen() -> Seen:
    return Seen()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM_PRESENT:
        message = f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium package)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def visitor(
    browser: Browser, platform: Platform, seen: Seen
) -> AsyncIterator[Callable[..., Awaitable[Visitor]]]:
    """A factory: `await visitor(javascript=False)` opens a person's browser; all are closed
    after the test."""
    opened: list[Visitor] = []

    async def open_one(*, javascript: bool = True, name: str = "") -> Visitor:
        one = await Visitor.open(
            browser, platform.url, seen, SCREENSHOTS, javascript=javascript, name=name
        )
        opened.append(one)
        return one

    yield open_one
    for one in opened:
        await one.close()
