"""Settings of a service, typed, read from the environment by `load_settings`.

Each setting `x` of service `accounts` is read from `ACCOUNTS_X`, else from `X`,
so one environment can hold several services (the dev runner, a test) while a
container sets just the plain names. pydantic-settings parses the values (a
list or a mapping may be given as JSON). Building a settings object directly,
as tests do, reads nothing from the environment: what is passed is what holds.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from chassis.client_address import check_proxies

DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
BROKER_PUBLISH_TIMEOUT_SECONDS = 10.0
"""Longest wait for the broker's confirm of one publish (chassis.messaging)."""


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="forbid", frozen=True, case_sensitive=False)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only what is passed: the environment is read by `load_settings`, on purpose."""
        return (init_settings,)

    service_name: str
    database_url: str = ""
    """A libpq-style URL; several hosts, for a primary and its standbys, as
    `postgresql://u@h1:5432,h2:5432/db?target_session_attrs=read-write`."""
    rabbitmq_url: SecretStr = SecretStr(DEFAULT_RABBITMQ_URL)
    """One AMQP URL, or the URLs of a cluster's nodes separated by commas (`rabbitmq_urls`)."""
    data_dir: Path = Path(".data")
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    root_path: str = ""
    """Path prefix under which the gateway serves this service (for the docs page)."""

    environment: Literal["development", "test", "staging", "production"] = "development"
    """What this deployment is; the production overlay (deploy/k8s) says `production`."""
    test_clocks_enabled: bool = False
    """The platform's test clock (chassis.platform_clock, docs/API.md "Test clocks"): an
    admin may move the time forward. Never in production: the service refuses to start."""

    # Tokens: accounts signs with the private key; every service verifies.
    jwt_public_key: SecretStr | None = None
    jwt_audience: str = "training-platform"
    jwt_issuer: str = "accounts"
    token_cache_size: int = Field(default=2048, ge=0, le=1_000_000)
    """Verified access tokens remembered until they expire (chassis.tokens); 0: none."""

    # Delivery
    outbox_batch_size: int = Field(default=200, ge=1, le=5000)
    outbox_poll_seconds: float = Field(default=5.0, gt=0)
    """The relay's safety net: it is woken by commits (in process, and on PostgreSQL
    from any process through LISTEN/NOTIFY), so the poll only finds what a lost
    notice left behind."""
    outbox_max_backoff_seconds: float = Field(default=5.0, gt=0)
    retry_backoff_seconds: float = Field(default=0.05, ge=0)
    """Pause before a failed message's second attempt, doubled for each further one (up to
    `retry_backoff_max_seconds`): the message waits in a retry queue, not in the consumer
    (chassis.consumers, docs/ARCHITECTURE.md "Retries")."""
    retry_backoff_max_seconds: float = Field(default=300.0, ge=0, le=86400)
    database_retry_max_seconds: float = Field(default=5.0, gt=0)
    """Longest pause between tries of a message held while the database is away."""
    consumer_batch_size: int = Field(default=32, ge=1, le=500)
    """Deliveries a consumer handles in one transaction, at most (and never more than its
    queue's prefetch); 1 is one each. Deliveries arriving within `consumer_batch_wait_ms`
    of the first share a transaction and are acked together (docs/ARCHITECTURE.md
    "Batches")."""
    consumer_batch_wait_ms: float = Field(default=5.0, ge=0, le=1000)
    handler_timeout_seconds: float = Field(default=120.0, gt=0, le=3600)
    """A handler still running after this has failed (retried like any failure)."""
    delivery_hold_max_seconds: float = Field(default=600.0, gt=0, le=3600)
    """Longest a delivery is held unacknowledged while the database is away; it is then
    released (republished to wait in a retry queue, its attempt not counted)."""
    broker_consumer_timeout_seconds: float = Field(default=1800.0, gt=0)
    """RabbitMQ's `consumer_timeout` (30 minutes by default): a delivery held longer closes
    the consumer's channel. Every bound above must keep a delivery well below it."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=10, ge=0, le=200)
    database_statement_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    """PostgreSQL cancels a statement running longer (`statement_timeout`); the client gives
    up a few seconds later even if no answer comes (a blackholed connection)."""
    database_lock_timeout_seconds: float = Field(default=10.0, gt=0, le=3600)
    """PostgreSQL gives up waiting for a row or table lock after this (`lock_timeout`)."""
    """Connections per process: pool_size kept open, up to max_overflow more under load, and
    one more on PostgreSQL that the outbox relay listens on (chassis.relay_wakeup).
    Replicas x services x (pool_size + max_overflow + 1) must fit PostgreSQL's max_connections."""
    broker_reconnect_seconds: float = Field(default=1.0, gt=0)

    # Retention (chassis/retention.py): what only records the past is deleted once old.
    outbox_retention_days: float = Field(default=7.0, ge=0)
    """Published outbox rows are deleted this long after publishing (never pending ones)."""
    inbox_retention_days: float = Field(default=30.0, ge=7)
    """Inbox rows are deleted this long after processing; a copy of an event older than
    the pruned rows is then refused as stale (dead-lettered, never applied twice). At
    least 7 days: longer than any redelivery or dead-letter replay should take."""
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    """How often each service deletes what its windows have passed (real time)."""
    retention_batch_size: int = Field(default=1000, ge=1, le=100_000)
    """Rows deleted per transaction: a large backlog never holds locks for long."""
    graceful_timeout_seconds: float = Field(default=15.0, gt=0)

    # Request limits (chassis/limits.py): larger bodies get 413, deeper JSON 422.
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    """Multipart uploads (documents): above incompany's 10 MiB document limit plus the form."""
    max_json_depth: int = Field(default=32, ge=2, le=512)

    # Browsers (chassis/security_headers.py and CORS)
    cors_allowed_origins: Annotated[tuple[str, ...], NoDecode] = ()
    """Origins whose scripts may call this API from a browser (CORS), comma-separated,
    e.g. `https://app.example.be`. None by default: only same-origin pages (the portal,
    behind the same gateway) and programs call it."""

    # Clients behind the gateway (chassis/client_address.py)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    """Addresses or networks of the proxies (the gateway) whose X-Forwarded-For and
    X-Real-IP name the client, comma-separated, e.g. `10.0.0.0/8`. None by default:
    the direct peer is the client. Per-client limits (accounts' login throttle) count
    by that address, and uvicorn is given the same list."""

    @field_validator("cors_allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            listed = (origin.strip().rstrip("/") for origin in value.split(","))
            return tuple(origin for origin in listed if origin)
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: object) -> object:
        listed = value.split(",") if isinstance(value, str) else value
        return check_proxies(listed) if isinstance(listed, list | tuple) else value

    @model_validator(mode="after")
    def _no_test_clock_in_production(self) -> ServiceSettings:
        if self.test_clocks_enabled and self.environment == "production":
            raise ValueError(
                "TEST_CLOCKS_ENABLED is refused when ENVIRONMENT is production: "
                "a test clock moves the time every deadline and price depends on"
            )
        return self

    @model_validator(mode="after")
    def _deliveries_released_before_the_consumer_timeout(self) -> ServiceSettings:
        longest = self.longest_delivery_hold_seconds()
        if longest > self.broker_consumer_timeout_seconds / 2:
            raise ValueError(
                f"a delivery could be held {longest:g} s (DELIVERY_HOLD_MAX_SECONDS + "
                "DATABASE_RETRY_MAX_SECONDS + HANDLER_TIMEOUT_SECONDS + two broker publishes), "
                "more than half of BROKER_CONSUMER_TIMEOUT_SECONDS "
                f"({self.broker_consumer_timeout_seconds:g} s): lower them"
            )
        return self

    def longest_delivery_hold_seconds(self) -> float:
        """The longest a consumer keeps one delivery unacknowledged (chassis.consumers).

        Held while the database is away: up to `delivery_hold_max_seconds`, then one more
        pause and one more try (up to `handler_timeout_seconds`), then a confirmed publish
        (a retry or dead letter, `BROKER_PUBLISH_TIMEOUT_SECONDS` at most) and the ack.
        """
        return (
            self.delivery_hold_max_seconds
            + self.database_retry_max_seconds
            + self.handler_timeout_seconds
            + 2 * BROKER_PUBLISH_TIMEOUT_SECONDS
        )

    def rabbitmq_urls(self) -> list[str]:
        """The broker's nodes, in the order a connection tries them (ValueError if they
        cannot be one cluster's; checked when the broker is made, so no error echoes a
        password)."""
        return broker_urls(self.rabbitmq_url.get_secret_value())

    def sqlalchemy_url(self) -> str:
        """The async SQLAlchemy URL: SQLite under data_dir unless a URL is set."""
        url = self.database_url
        if not url:
            return f"sqlite+aiosqlite:///{self.data_dir / (self.service_name + '.sqlite3')}"
        for plain, driver in (
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if url.startswith(plain):
                url = driver + url[len(plain) :]
                break
        return hosts_in_query(url) if url.startswith("postgresql") else url


def hosts_in_query(url: str) -> str:
    """A PostgreSQL URL naming several hosts, rewritten the way SQLAlchemy takes them.

    libpq and asyncpg read `postgresql://u@h1:5441,h2:5442/db?target_session_attrs=read-write`
    and connect to the first host that takes writes. SQLAlchemy's URL holds one host, so
    the hosts move to the query, `postgresql+asyncpg://u@/db?host=h1:5441&host=h2:5442&...`,
    which its asyncpg dialect hands to asyncpg as lists; `target_session_attrs` goes through
    as is. A host without a port gets 5432 (the dialect wants a port for each). A URL with
    one host is returned unchanged.
    """
    scheme, _, rest = url.partition("://")
    netloc, slash, tail = rest.partition("/")
    userinfo, at, hosts = netloc.rpartition("@")
    if "," not in hosts:
        return url
    path, _, query = tail.partition("?")
    pairs = [host if ":" in host else f"{host}:5432" for host in hosts.split(",") if host]
    parameters = "&".join([*(f"host={pair}" for pair in pairs), *([query] if query else [])])
    return f"{scheme}://{userinfo}{at}{slash}{path}?{parameters}"


def broker_urls(value: str) -> list[str]:
    """The AMQP URLs in `value`, separated by commas: one node, or a cluster's nodes.

    The nodes of one cluster share its users and virtual hosts, so the URLs may differ
    only in host and port; anything else is refused (a typo, or two different brokers).
    """
    urls = [part.strip() for part in value.split(",") if part.strip()]
    if len(urls) < 2:
        return [value]  # one broker, as it always was
    shapes = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
            raise ValueError("each broker URL must be amqp://host or amqps://host")
        shapes.add((parts.scheme, parts.username, parts.password, parts.path, parts.query))
    if len(shapes) > 1:
        raise ValueError(
            "the broker URLs differ in more than host and port: the nodes of one cluster "
            "share scheme, user, password, virtual host and options"
        )
    return urls


S = TypeVar("S", bound=ServiceSettings)


def load_settings(
    cls: type[S],
    service_name: str,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> S:
    """Build settings from `<SERVICE>_<NAME>`, then `<NAME>`, then the defaults."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for prefix in ("", service_name.upper() + "_"):  # the prefixed name wins
        values.update(_Environment(cls, env, prefix)())
    values.pop("service_name", None)
    values.update(overrides)
    return cls(service_name=service_name, **values)


class _Environment(EnvSettingsSource):
    """The variables of `environ` (not necessarily the process's) named `<prefix><FIELD>`."""

    def __init__(self, cls: type[BaseSettings], environ: Mapping[str, str], prefix: str) -> None:
        self._environ = environ
        super().__init__(cls, case_sensitive=False, env_prefix=prefix)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {key.lower(): value for key, value in self._environ.items()}
