"""Notifications on its own: the welcome handler and who may list which messages."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.settings import ServiceSettings
from chassis.testing import TokenMinter, running_service
from contracts import Envelope
from contracts.accounts import UserRegisteredV1
from contracts.identity import Role
from notifications.handlers import welcome_new_user
from notifications.service import DEFINITION

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


@pytest.fixture
async def notifications(tmp_path):
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    settings = ServiceSettings(
        service_name="notifications", data_dir=tmp_path, jwt_public_key=minter.public_key_pem
    )
    async with running_service(DEFINITION, settings, clock=clock, bus=InProcessBus()) as service:
        service.minter = minter
        yield service


async def welcome(service, language="fr"):
    event = UserRegisteredV1(
        user_id=uuid4(),
        email=f"{uuid4().hex[:6]}@example.be",
        full_name="P",
        language=language,
        account_kind="individual",
    )
    async with service.runtime.unit_of_work() as uow:
        uow.caused_by = Envelope.wrap(event, producer="tests", occurred_at=NOW, correlation_id="c")
        await welcome_new_user(event, uow)
        await uow.commit()
    return event


async def test_a_person_sees_their_own_welcome_in_their_language(notifications):
    mine = await welcome(notifications, language="nl")
    await welcome(notifications)
    answer = await notifications.client.get(
        "/messages", headers=notifications.minter.headers(Role.INDIVIDUAL, user_id=mine.user_id)
    )
    assert answer.status_code == 200
    [message] = answer.json()
    assert (message["recipient_email"], message["language"], message["template"]) == (
        mine.email,
        "nl",
        "welcome",
    )


async def test_staff_see_every_message(notifications):
    for _ in range(3):
        await welcome(notifications)
    answer = await notifications.client.get(
        "/messages", headers=notifications.minter.headers(Role.CUSTOMER_SERVICE)
    )
    assert len(answer.json()) == 3


async def test_listing_messages_needs_a_token(notifications):
    assert (await notifications.client.get("/messages")).status_code == 401
