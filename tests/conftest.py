"""Fixtures for the cross-service tests: signing keys and per-service settings."""

from __future__ import annotations

import email
import email.message
import email.policy
import re
import socket
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from aiosmtpd.controller import Controller

from accounts.adapters.signing import generate_key_pair
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.settings import ServiceSettings
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import wait_until

SETTINGS_CLASSES: dict[str, type[ServiceSettings]] = {
    d.name: d.settings_class for d in (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)
}


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
        if service == "accounts":
            values["jwt_private_key"] = private
        values.update(overrides)
        return SETTINGS_CLASSES.get(service, ServiceSettings).model_validate(values)

    return build


class MailSink:
    """A real SMTP server's handler (aiosmtpd) that keeps every message it accepts."""

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
            if address in str(m["To"]) and subject_part in str(m["Subject"])
        ]

    async def received(
        self, address: str, subject_part: str, count: int = 1
    ) -> email.message.EmailMessage:
        """Wait until `count` messages to `address` have `subject_part`; exactly that many."""

        async def arrived() -> bool:
            return len(self.to(address, subject_part)) >= count

        await wait_until(arrived, timeout=20, message=f"{subject_part!r} to {address}")
        found = self.to(address, subject_part)
        assert len(found) == count, [m["Subject"] for m in found]
        return found[-1]

    @staticmethod
    def text_of(message: email.message.EmailMessage) -> str:
        return str(message.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]

    @classmethod
    def link_token(cls, message: email.message.EmailMessage) -> str:
        """The single-use token of the one link the message carries."""
        [token] = re.findall(r"[?&]token=([^\s&]+)", cls.text_of(message))
        return unquote(token)


@pytest.fixture
def smtp_server() -> Iterator[tuple[MailSink, int]]:
    """An SMTP server on a free local port: (what it received, its port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
