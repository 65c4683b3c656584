"""Settings of a service, read from the environment.

Each setting `x` of service `accounts` is read from `ACCOUNTS_X`, else from `X`,
so one environment can hold several services (the dev runner, a test) while a
container sets just the plain names.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr

DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


class ServiceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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
    prefix = service_name.upper() + "_"
    values: dict[str, Any] = {"service_name": service_name}
    for field in cls.model_fields:
        if field == "service_name":
            continue
        for key in (prefix + field.upper(), field.upper()):
            if key in env:
                values[field] = env[key]
                break
    values.update(overrides)
    return cls.model_validate(values)
