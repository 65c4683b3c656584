"""Staff accounts: the first admin by the operator's command, the others by an admin only."""

from __future__ import annotations

import asyncio

from accounts.entrypoints.commands import create_admin
from accounts.service import DEFINITION
from accounts.settings import AccountsSettings
from chassis.migrations import upgrade

STAFF = {"email": "cs@training.example", "full_name": "Claire Service", "role": "customer_service"}


def test_create_admin_is_an_operator_command_of_the_service():
    assert DEFINITION.commands["create-admin"] is create_admin


async def test_create_admin_prints_a_single_use_set_password_link(start_accounts, capsys):
    async with start_accounts(with_clock=None) as accounts:  # the command runs on real time
        settings = accounts.runtime.settings
        argv = ["--email", "Root@Training.example", "--name", "Root"]
        assert await asyncio.to_thread(create_admin, settings, argv) == 0
        printed = capsys.readouterr().out.strip().splitlines()
        url = printed[-1]
        assert url.startswith(f"{accounts.PUBLIC_BASE_URL}/set-password?token=")
        body = {"token": accounts.token_of(url), "password": accounts.PASSWORD}
        assert (await accounts.client.post("/password/set", json=body)).status_code == 204
        again = await accounts.client.post("/password/set", json=body)
        assert again.status_code == 400
        me = await accounts.client.get(
            "/me", headers=await accounts.log_in("root@training.example")
        )
        assert me.json()["roles"] == ["admin"]
        assert me.json()["account_kind"] == "staff"


async def test_create_admin_refuses_an_address_that_has_an_account(start_accounts, capsys):
    async with start_accounts(with_clock=None) as accounts:
        await accounts.register("taken@example.be")
        argv = ["--email", "taken@example.be", "--name", "X"]
        settings = accounts.runtime.settings
        assert await asyncio.to_thread(create_admin, settings, argv) == 1
        assert "already exists" in capsys.readouterr().err


def test_create_admin_works_on_a_freshly_migrated_database(tmp_path, capsys):
    settings = AccountsSettings(service_name="accounts", data_dir=tmp_path)
    upgrade(DEFINITION.migrations, settings.sqlalchemy_url())
    assert create_admin(settings, ["--email", "a@b.example", "--name", "A"]) == 0
    assert "/set-password?token=" in capsys.readouterr().out


async def test_an_admin_creates_a_staff_account_which_gets_an_invitation(accounts):
    admin = await accounts.an_admin()
    answer = await accounts.client.post("/staff", json=STAFF, headers=admin)
    assert answer.status_code == 201, answer.text
    assert answer.json()["roles"] == ["customer_service"]
    [invited] = await accounts.events("accounts.user.invited.v1")
    assert invited["reason"] == "staff_account"
    assert invited["email"] == STAFF["email"]
    assert invited["set_password_url"].startswith(f"{accounts.PUBLIC_BASE_URL}/set-password?")


async def test_only_an_admin_creates_staff_401_without_a_token_403_for_others(accounts):
    assert (await accounts.client.post("/staff", json=STAFF)).status_code == 401
    await accounts.register("ada@example.be")
    customer = await accounts.log_in("ada@example.be")
    refused = await accounts.client.post("/staff", json=STAFF, headers=customer)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "this action needs one of: admin"
    admin = await accounts.an_admin()
    await accounts.client.post("/staff", json=STAFF, headers=admin)
    [invited] = await accounts.events("accounts.user.invited.v1")
    body = {"token": accounts.token_of(invited["set_password_url"]), "password": accounts.PASSWORD}
    await accounts.client.post("/password/set", json=body)
    customer_service = await accounts.log_in(STAFF["email"])
    planner = {**STAFF, "email": "p@training.example", "role": "planner"}
    answer = await accounts.client.post("/staff", json=planner, headers=customer_service)
    assert answer.status_code == 403


async def test_staff_roles_only(accounts):
    admin = await accounts.an_admin()
    answer = await accounts.client.post(
        "/staff", json={**STAFF, "role": "enrollment_manager"}, headers=admin
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body.role"
