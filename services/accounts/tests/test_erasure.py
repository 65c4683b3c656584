"""Issue 18: staff erase a person's account on request; the other services are told."""

from __future__ import annotations

import asyncio
from uuid import UUID

from accounts.adapters.tables import User
from accounts.entrypoints.commands import erase_user_command


async def test_staff_erase_an_account_which_then_cannot_sign_in(accounts):
    admin = await accounts.an_admin()
    person = await accounts.register("eva.erasable@example.be", full_name="Eva Erasable")
    eva = await accounts.log_in("eva.erasable@example.be")
    url = f"/users/{person['id']}/erasure"

    refused = await accounts.client.post(url, headers=eva)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    me = (await accounts.client.get("/me", headers=admin)).json()
    own = await accounts.client.post(f"/users/{me['id']}/erasure", headers=admin)
    assert (own.status_code, own.json()["code"]) == (409, "self_erasure")

    erased = await accounts.client.post(url, headers=admin)
    assert erased.status_code == 200, erased.text
    assert erased.json()["sessions_ended"] == 1
    assert (await accounts.client.get("/me", headers=eva)).status_code == 401
    gone = await accounts.client.post(
        "/token", json={"email": "eva.erasable@example.be", "password": accounts.PASSWORD}
    )
    assert gone.status_code == 401
    async with accounts.runtime.db.sessions() as session:
        row = await session.get(User, UUID(person["id"]))
    assert (row.full_name, row.password_hash, row.roles) == ("", None, [])
    assert row.email == f"{person['id']}@erased.invalid"
    assert row.erased_at is not None
    told = await accounts.events("accounts.user.erased.v1")
    assert told == [{"user_id": person["id"], "email": "eva.erasable@example.be"}]
    again = await accounts.client.post(url, headers=admin)
    assert (again.status_code, again.json()["code"]) == (404, "account_not_found")
    # The address may be registered again, by whoever owns it now.
    await accounts.register("eva.erasable@example.be")


async def test_the_operator_erases_an_account_by_email(start_accounts, capsys):
    async with start_accounts(with_clock=None) as accounts:
        person = await accounts.register("olaf@example.be")
        argv = ["--email", "olaf@example.be"]
        settings = accounts.runtime.settings
        assert await asyncio.to_thread(erase_user_command, settings, argv) == 0
        assert f"user {person['id']} erased" in capsys.readouterr().out
        assert await asyncio.to_thread(erase_user_command, settings, argv) == 1
