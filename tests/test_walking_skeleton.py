"""The walking skeleton: a registration crosses the real broker to notifications."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.service import DEFINITION as ACCOUNTS
from notifications.adapters.tables import Message
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def count_messages(runtime, template: str = "welcome") -> int:
    async with runtime.db.session() as session:
        return await session.scalar(
            select(func.count()).select_from(Message).where(Message.template == template)
        )


async def test_a_registration_becomes_a_welcome_message(rabbitmq_url, fresh_database, settings_for):
    await reset_queues(rabbitmq_url)
    accounts_settings = settings_for("accounts", await fresh_database())
    notifications_settings = settings_for("notifications", await fresh_database())
    async with (
        running_service(NOTIFICATIONS, notifications_settings) as notifications,
        running_service(ACCOUNTS, accounts_settings) as accounts,
    ):
        answer = await accounts.client.post(
            "/register",
            json={
                "email": "Ada@Example.be",
                "password": "correct horse battery",
                "full_name": "Ada Lovelace",
                "language": "en",
            },
            headers={"X-Correlation-ID": "skeleton-1"},
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["email"] == "ada@example.be"

        async def welcomed() -> bool:
            return await count_messages(notifications.runtime) == 1

        await wait_until(welcomed, message="the welcome message")

        login = await accounts.client.post(
            "/token", json={"email": "ada@example.be", "password": "correct horse battery"}
        )
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        listed = await notifications.client.get(
            "/messages", headers={"Authorization": f"Bearer {token}"}
        )
        assert listed.status_code == 200, listed.text
        [message] = listed.json()["items"]
        assert message["template"] == "welcome"
        assert message["recipient_email"] == "ada@example.be"
        assert message["language"] == "en"
