"""Real infrastructure for every test in the repository: RabbitMQ and PostgreSQL.

`rabbitmq_url` and `postgres_url` are resolved once per session, in this order:

1. the environment: `RABBITMQ_URL` / `DATABASE_URL` (set by `.ci/run`, or by a developer);
2. else, if a Docker engine answers, a throwaway container started with testcontainers;
3. else the tests that need the server are skipped, except when `CI=true`: then they fail,
   so that CI can never pass by skipping.

A server must answer (TCP) before its URL is handed out; if a URL from the environment
points at nothing, the same skip-or-fail rule applies. Messages never show passwords.

The engines of production, `python -m testkit.cluster up` (a three-node RabbitMQ cluster,
a PostgreSQL primary with its synchronous standby), come only from the environment:
`CLUSTER_RABBITMQ_URLS` and `CLUSTER_DATABASE_URL`, exported by `.ci/run`. Without them
the tests that need them are skipped, or fail when `CI=true`, like the others.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import NoReturn
from urllib.parse import urlsplit

import asyncpg
import pytest
import pytest_asyncio
from yarl import URL

from testkit import cluster

DEFAULT_PORTS = {"amqp": 5672, "amqps": 5671, "postgresql": 5432, "postgres": 5432}


def _safe(url: str) -> str:
    """The URL without its password, fit for a message."""
    parsed = URL(url)
    return str(parsed.with_password(None)) if parsed.password else url


def _unavailable(reason: str) -> NoReturn:
    """Skip the requesting test, or fail it when running in CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing server is a failure, not a skip)")
    pytest.skip(reason)


def _answers(url: str, timeout: float = 3.0) -> bool:
    """Whether something accepts a TCP connection at the URL's host and port."""
    parsed = URL(url)
    port = parsed.explicit_port or DEFAULT_PORTS.get(parsed.scheme.split("+")[0], 0)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _every_host_answers(url: str) -> list[str]:
    """The `host:port` of `url` (libpq style, several hosts allowed) that do not answer."""
    parsed = urlsplit(url)
    default = DEFAULT_PORTS.get(parsed.scheme.split("+")[0], 0)
    silent = []
    for address in parsed.netloc.rpartition("@")[2].split(","):
        host, _, port = address.partition(":")
        try:
            with socket.create_connection((host or "127.0.0.1", int(port or default)), timeout=3):
                pass
        except OSError:
            silent.append(address)
    return silent


def _docker_answers() -> bool:
    """Whether a Docker engine answers, for testcontainers; quickly and quietly."""
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _resolve(
    variable: str, what: str, start_container: Callable[[], Iterator[str]]
) -> Iterator[str]:
    """Yield the server URL from the environment, else from a container, else skip/fail."""
    url = os.environ.get(variable)
    if url:
        if not _answers(url):
            _unavailable(f"{what} at {variable}={_safe(url)} does not answer")
        yield url
    elif _docker_answers():
        yield from start_container()
    else:
        _unavailable(f"no {what}: set {variable}, or start a Docker engine for testcontainers")


def _rabbitmq_container() -> Iterator[str]:
    try:
        from testcontainers.community.rabbitmq import RabbitMqContainer
    except ImportError:  # older testcontainers
        from testcontainers.rabbitmq import RabbitMqContainer

    with RabbitMqContainer("rabbitmq:3.13-management") as rabbit:
        host, port = rabbit.get_container_host_ip(), rabbit.get_exposed_port(rabbit.port)
        yield f"amqp://{rabbit.username}:{rabbit.password}@{host}:{port}/"


def _postgres_container() -> Iterator[str]:
    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:  # older testcontainers
        from testcontainers.postgres import PostgresContainer

    with PostgresContainer("postgres:16", driver=None) as postgres:
        yield postgres.get_connection_url()


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    """An AMQP URL of a RabbitMQ that answers (see the module docstring for the order)."""
    yield from _resolve("RABBITMQ_URL", "RabbitMQ", _rabbitmq_container)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A plain `postgresql://` URL (no driver suffix) of a PostgreSQL that answers."""
    for url in _resolve("DATABASE_URL", "PostgreSQL", _postgres_container):
        parsed = URL(url)
        yield str(parsed.with_scheme("postgresql")) if "+" in parsed.scheme else url


def _cluster_urls(variable: str, what: str, urls: Callable[[str], list[str]]) -> list[str]:
    """URLs of `python -m testkit.cluster up` from the environment, every host answering;
    the tests stop and start its nodes and servers, which needs root."""
    value = os.environ.get(variable)
    if not value:
        _unavailable(f"no {what}: {variable} is not set (`python -m testkit.cluster up`)")
    if os.geteuid() != 0:
        _unavailable(f"acting on the {what} (rabbitmqctl, pg_ctlcluster) needs root")
    try:
        cluster.await_start()  # .ci/run starts it in the background
    except cluster.ClusterError as error:
        _unavailable(f"{what}: {error}")
    silent = [address for url in urls(value) for address in _every_host_answers(url)]
    if silent:
        _unavailable(f"{what} at {variable}: {', '.join(silent)} not answering")
    return urls(value)


@pytest.fixture(scope="session")
def cluster_rabbitmq_urls() -> list[str]:
    """The AMQP URLs of the three nodes of the local RabbitMQ cluster, in order."""
    return _cluster_urls("CLUSTER_RABBITMQ_URLS", "RabbitMQ cluster", lambda v: v.split(","))


@pytest.fixture(scope="session")
def cluster_database_url() -> str:
    """The multi-host URL of the local PostgreSQL primary and its synchronous standby
    (`target_session_attrs=read-write`), on its `postgres` database."""
    [url] = _cluster_urls("CLUSTER_DATABASE_URL", "PostgreSQL primary and standby", lambda v: [v])
    return url


@pytest.fixture(scope="session")
def postgres_admin_url(postgres_url: str) -> str:
    """The URL used to create and drop test databases: `postgres_url` as is."""
    return postgres_url


@pytest_asyncio.fixture(loop_scope="session")
async def fresh_database(
    postgres_admin_url: str,
) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """A factory: each `await fresh_database()` creates an empty database `test_<hex>`
    and returns its SQLAlchemy async URL (`postgresql+asyncpg://...`). Every database
    it created is dropped (WITH (FORCE)) after the test."""
    created: list[str] = []
    admin = URL(postgres_admin_url)

    async def create() -> str:
        name = f"test_{uuid.uuid4().hex}"
        connection = await asyncpg.connect(postgres_admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return str(admin.with_scheme("postgresql+asyncpg").with_path(f"/{name}", keep_query=True))

    yield create
    if created:
        connection = await asyncpg.connect(postgres_admin_url)
        try:
            for name in created:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()
