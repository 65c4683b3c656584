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

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


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
    rabbitmq_url: SecretStr = SecretStr(DEFAULT_RABBITMQ_URL)
    data_dir: Path = Path(".data")
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    root_path: str = ""
    """Path prefix under which the gateway serves this service (for the docs page)."""

    # Tokens: accounts signs with the private key; every service verifies.
    jwt_public_key: SecretStr | None = None
    jwt_audience: str = "training-platform"
    jwt_issuer: str = "accounts"

    # Delivery
    outbox_batch_size: int = Field(default=200, ge=1, le=5000)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_max_backoff_seconds: float = Field(default=5.0, gt=0)
    retry_backoff_seconds: float = Field(default=0.05, ge=0)
    database_retry_max_seconds: float = Field(default=5.0, gt=0)
    """Longest pause between tries of a message held while the database is away."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=10, ge=0, le=200)
    """Connections per process: pool_size kept open, up to max_overflow more under load.
    Replicas x services x (pool_size + max_overflow) must fit PostgreSQL's max_connections."""
    broker_reconnect_seconds: float = Field(default=1.0, gt=0)
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

    @field_validator("cors_allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            listed = (origin.strip().rstrip("/") for origin in value.split(","))
            return tuple(origin for origin in listed if origin)
        return value

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
                return driver + url[len(plain) :]
        return url


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
