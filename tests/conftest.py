"""Fixtures for the cross-service tests: signing keys and per-service settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.settings import AccountsSettings
from accounts.signing import generate_key_pair
from chassis.settings import ServiceSettings


@pytest.fixture(scope="session")
def token_keys() -> tuple[str, str]:
    return generate_key_pair()


@pytest.fixture
def settings_for(rabbitmq_url: str, token_keys: tuple[str, str]) -> Callable[..., ServiceSettings]:
    """Settings for one service on the test broker and its own fresh database."""
    private, public = token_keys

    def build(service: str, database_url: str, **overrides: Any) -> ServiceSettings:
        values: dict[str, Any] = {
            "service_name": service,
            "database_url": database_url,
            "rabbitmq_url": rabbitmq_url,
            "jwt_public_key": public,
            "log_format": "console",
            "outbox_poll_seconds": 0.2,
            "outbox_max_backoff_seconds": 0.5,
            "broker_reconnect_seconds": 0.2,
            "retry_backoff_seconds": 0.01,
            "graceful_timeout_seconds": 5,
        }
        cls: type[ServiceSettings] = ServiceSettings
        if service == "accounts":
            cls, values["jwt_private_key"] = AccountsSettings, private
        values.update(overrides)
        return cls.model_validate(values)

    return build
