"""The security suite's fixtures: a seeded platform, tokens good and bad, a log tape, a ledger.

What they hand out is the package `testkit.platform`; this file wires it to
the five services and to the session's PostgreSQL, and holds the hooks that
order the log scan last and print the ledger:

- `platform`: the five services in one process, each on its own fresh
  PostgreSQL database, talking through one in-process bus (authorization is
  about HTTP: the real broker is for `test_bus_bad_input.py`), one ManualClock;
  its people of every role seeded and logged in. `await platform.seed_world()`
  makes two companies (A and B) own everything a company can, through the APIs.
  `platform_factory` starts one for a single test, with settings of its own.
- `log_tape`: every line the suite logs, rendered as production renders it
  (`chassis.logs.configure_logging`, JSON, redaction on), for the final scan.
- `secrets`: what must never show in a log: passwords, tokens, link tokens,
  national register numbers the suite used.
- `ledger`: figures printed at the end of the run (matrix size, examples...),
  and with `SECURITY_REPORT=<file>` written as JSON for `docs/RELIABILITY.md`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.service import Runtime
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.databases import throwaway_databases
from testkit.platform.inprocess import Platform, PlatformServices, start_platform
from testkit.platform.log_tape import LogTape, Secrets
from testkit.platform.report import Ledger, write_report
from testkit.tokens import key_pair


async def first_admin(runtime: Runtime, email: str, full_name: str) -> str:
    """Accounts' operator bootstrap, run on the platform's clock: the admin's set-password link.

    The one import of a service's inner module in the security suite: no HTTP
    route makes the first admin, and `accounts create-admin` runs on the wall clock."""
    async with runtime.unit_of_work() as uow:
        _, _, url = await create_first_admin(
            uow, runtime.settings, email=email, full_name=full_name
        )
    return url


SERVICES = PlatformServices(
    definitions={d.name: d for d in (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)},
    first_admin=first_admin,
)
_LEDGER = Ledger()


# --- hooks: the log scan last, the ledger at the end ------------------------------------------


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _LEDGER.lines:
        terminalreporter.write_sep("-", "security suite ledger")
        for line in _LEDGER.lines:
            terminalreporter.write_line(line)
        report = os.environ.get("SECURITY_REPORT")  # `make reliability`: for RELIABILITY.md
        if report:
            failed = len(terminalreporter.stats.get("failed", []))
            write_report(Path(report), _LEDGER, failed)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The log scan runs after every other security test: it reads what they logged."""
    scans = [i for i in items if i.get_closest_marker("log_scan")]
    if not scans:
        return
    rest = [i for i in items if i not in scans]
    last = max((n for n, i in enumerate(rest) if "tests/security/" in i.nodeid), default=-1)
    items[:] = rest[: last + 1] + scans + rest[last + 1 :]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "log_scan: scans the security suite's log output (last)")


# --- the log tape, the secrets, the ledger -------------------------------------------------------


@pytest.fixture(scope="session")
def log_tape() -> Iterator[LogTape]:
    tape = LogTape()
    tape.start()
    yield tape
    tape.stop()


@pytest.fixture(autouse=True)
def _on_tape(log_tape: LogTape) -> None:
    """Every security test logs onto the tape."""


@pytest.fixture(scope="session")
def secrets() -> Secrets:
    return Secrets()


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return _LEDGER


# --- the platform --------------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def module_database(
    postgres_admin_url: str,
) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """Like `fresh_database`, for a module's services: dropped after the module."""
    async with throwaway_databases(postgres_admin_url, prefix="test_sec") as create:
        yield create


@pytest.fixture(scope="session")
def platform_services() -> PlatformServices:
    """The five services and accounts' first-admin bootstrap, for a module's own platform."""
    return SERVICES


@pytest.fixture(scope="session")
def platform_keys() -> tuple[str, str]:
    """The token signing key pair of the suite's platforms (accounts signs, all verify)."""
    return key_pair()


@pytest.fixture
def platform_factory(
    platform_keys: tuple[str, str], fresh_database: Callable[[], Awaitable[str]]
) -> Callable[..., contextlib.AbstractAsyncContextManager[Platform]]:
    """`async with platform_factory(notifications={...}) as platform:` for one test."""

    def start(
        only: tuple[str, ...] = tuple(SERVICES.definitions), **per_service: dict[str, Any]
    ) -> contextlib.AbstractAsyncContextManager[Platform]:
        return start_platform(SERVICES, platform_keys, fresh_database, only, **per_service)

    return start


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def platform(
    platform_keys: tuple[str, str],
    module_database: Callable[[], Awaitable[str]],
    secrets: Secrets,
    log_tape: LogTape,
) -> AsyncIterator[Platform]:
    """A platform for a whole module, its people seeded and logged in."""
    async with start_platform(SERVICES, platform_keys, module_database) as started:
        await started.seed_people(secrets)
        yield started
