"""Accounts' REST API on its own: SQLite, the in-process bus, no broker needed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accounts.adapters.signing import generate_key_pair
from accounts.service import DEFINITION
from accounts.settings import AccountsSettings
from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from testkit.services import running_service

KEYS = generate_key_pair()
ADA = {"email": "Ada@Example.be", "password": "correct horse battery", "full_name": "Ada"}


@pytest.fixture
async def accounts(tmp_path):
    clock = ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))
    settings = AccountsSettings(
        service_name="accounts",
        data_dir=tmp_path,
        jwt_private_key=KEYS[0],
        jwt_public_key=KEYS[1],
        log_format="console",
    )
    async with running_service(DEFINITION, settings, clock=clock, bus=InProcessBus()) as service:
        service.clock = clock
        yield service


async def test_r_a1_a_person_registers_and_logs_in_straight_away(accounts):
    created = await accounts.client.post("/register", json=ADA)
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "ada@example.be"
    assert created.json()["roles"] == ["individual"]
    login = await accounts.client.post(
        "/token", json={"email": "ADA@example.be", "password": ADA["password"]}
    )
    assert login.status_code == 200
    me = await accounts.client.get(
        "/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}
    )
    assert me.status_code == 200, me.text
    assert me.json()["id"] == created.json()["id"]


async def test_registering_commits_the_user_and_its_event_together(accounts):
    await accounts.client.post("/register", json=ADA)
    backlog = await accounts.runtime.relay.backlog()
    assert backlog.pending <= 1  # relayed already, or about to be


async def test_an_email_is_registered_once_whatever_its_case(accounts):
    assert (await accounts.client.post("/register", json=ADA)).status_code == 201
    again = await accounts.client.post("/register", json={**ADA, "email": "ADA@EXAMPLE.BE"})
    assert again.status_code == 409
    assert again.json()["detail"] == "an account with this email already exists"


async def test_a_short_password_is_refused_with_a_message_naming_it(accounts):
    answer = await accounts.client.post("/register", json={**ADA, "password": "short"})
    assert answer.status_code == 422
    assert answer.json()["detail"] == "password: the password must have at least 12 characters"


async def test_a_malformed_email_is_refused_naming_the_field(accounts):
    answer = await accounts.client.post("/register", json={**ADA, "email": "not-an-email"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body.email"


async def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(accounts):
    await accounts.client.post("/register", json=ADA)
    wrong = await accounts.client.post("/token", json={"email": ADA["email"], "password": "x" * 20})
    unknown = await accounts.client.post(
        "/token", json={"email": "nobody@example.be", "password": "x" * 20}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["detail"] == "wrong email or password"


async def test_without_a_token_me_answers_401(accounts):
    answer = await accounts.client.get("/me")
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"


async def test_an_access_token_expires_after_15_minutes(accounts):
    await accounts.client.post("/register", json=ADA)
    login = await accounts.client.post(
        "/token", json={"email": ADA["email"], "password": ADA["password"]}
    )
    assert login.json()["expires_in"] == 900
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    accounts.clock.advance(timedelta(minutes=16))
    answer = await accounts.client.get("/me", headers=headers)
    assert answer.status_code == 401
    assert "expired" in answer.json()["detail"]
