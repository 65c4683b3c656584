"""R-A5: changing the login email, warned first, effective only once confirmed."""

from __future__ import annotations

from datetime import timedelta

REQUESTED = "accounts.email-change.requested.v2"
CHANGED = "accounts.user.email-changed.v1"


async def ask(accounts, headers, new_email="ada@new.example", password=None):
    return await accounts.client.post(
        "/me/email",
        json={"new_email": new_email, "password": password or accounts.PASSWORD},
        headers=headers,
    )


async def confirm_link(accounts) -> str:
    return accounts.link_token((await accounts.events(REQUESTED))[-1])


async def test_r_a5_the_user_is_warned_that_old_enrollments_will_no_longer_show(accounts):
    await accounts.register("ada@old.example")
    answer = await ask(accounts, await accounts.log_in("ada@old.example"))
    assert answer.status_code == 202, answer.text
    warning = answer.json()["warning"]
    assert "ada@old.example" in warning
    assert "no longer show" in warning
    [requested] = await accounts.events(REQUESTED)
    assert requested["current_email"] == "ada@old.example"
    assert requested["new_email"] == "ada@new.example"
    assert requested["link"]["purpose"] == "confirm_email"  # sealed: no URL, no token in clear
    assert "token=" not in str(requested)


async def test_r_a5_the_login_email_changes_only_once_confirmed(accounts):
    await accounts.register("ada@old.example")
    headers = await accounts.log_in("ada@old.example")
    await ask(accounts, headers)
    assert (await accounts.client.get("/me", headers=headers)).json()["email"] == "ada@old.example"
    assert await accounts.log_in("ada@old.example")
    assert await accounts.events(CHANGED) == []

    token = await confirm_link(accounts)
    confirmed = await accounts.client.post(
        "/me/email/confirm", json={"token": token}, headers=headers
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["email"] == "ada@new.example"
    assert await accounts.log_in("ada@new.example")
    old = await accounts.client.post(
        "/token", json={"email": "ada@old.example", "password": accounts.PASSWORD}
    )
    assert old.status_code == 401
    [changed] = await accounts.events(CHANGED)
    assert (changed["old_email"], changed["new_email"]) == ("ada@old.example", "ada@new.example")


async def test_r_a5_confirming_ends_the_other_sessions_and_keeps_the_current_one(accounts):
    await accounts.register("ada@old.example")
    here = await accounts.log_in("ada@old.example")
    elsewhere = await accounts.log_in("ada@old.example")
    await ask(accounts, here)
    token = await confirm_link(accounts)
    await accounts.client.post("/me/email/confirm", json={"token": token}, headers=here)
    assert (await accounts.client.get("/me", headers=here)).status_code == 200
    assert (await accounts.client.get("/me", headers=elsewhere)).status_code == 401


async def test_r_a5_the_confirmation_link_works_once_and_expires(accounts):
    await accounts.register("ada@old.example")
    headers = await accounts.log_in("ada@old.example")
    await ask(accounts, headers)
    token = await confirm_link(accounts)
    ok = await accounts.client.post("/me/email/confirm", json={"token": token}, headers=headers)
    assert ok.status_code == 200
    again = await accounts.client.post("/me/email/confirm", json={"token": token}, headers=headers)
    assert again.status_code == 400

    await ask(accounts, headers, new_email="ada@third.example")
    late = await confirm_link(accounts)
    accounts.clock.advance(timedelta(hours=24, seconds=1))
    headers = await accounts.log_in("ada@new.example")
    expired = await accounts.client.post("/me/email/confirm", json={"token": late}, headers=headers)
    assert expired.status_code == 400
    assert expired.json()["detail"] == "this link is invalid or has expired"


async def test_r_a5_a_wrong_password_changes_nothing(accounts):
    await accounts.register("ada@old.example")
    headers = await accounts.log_in("ada@old.example")
    answer = await ask(accounts, headers, password="not my password at all")
    assert answer.status_code == 403
    assert await accounts.events(REQUESTED) == []


async def test_r_a5_an_address_taken_meanwhile_is_a_409(accounts):
    await accounts.register("ada@old.example")
    headers = await accounts.log_in("ada@old.example")
    await ask(accounts, headers)
    token = await confirm_link(accounts)
    await accounts.register("ada@new.example")
    answer = await accounts.client.post("/me/email/confirm", json={"token": token}, headers=headers)
    assert answer.status_code == 409
    assert (await accounts.client.get("/me", headers=headers)).json()["email"] == "ada@old.example"
    assert await accounts.events(CHANGED) == []


async def test_r_a5_only_the_account_that_asked_confirms(accounts):
    await accounts.register("ada@old.example")
    await accounts.register("eve@example.be")
    await ask(accounts, await accounts.log_in("ada@old.example"))
    token = await confirm_link(accounts)
    eve = await accounts.log_in("eve@example.be")
    answer = await accounts.client.post("/me/email/confirm", json={"token": token}, headers=eve)
    assert answer.status_code == 400


async def test_r_a5_changing_the_email_needs_a_token(accounts):
    answer = await accounts.client.post(
        "/me/email", json={"new_email": "x@example.be", "password": "x" * 12}
    )
    assert answer.status_code == 401
    assert (await accounts.client.post("/me/email/confirm", json={"token": "t"})).status_code == 401


async def test_r_a5_a_reset_link_sent_to_the_old_address_no_longer_works(accounts):
    await accounts.register("ada@old.example")
    await accounts.client.post("/password/forgot", json={"email": "ada@old.example"})
    [reset] = await accounts.events("accounts.password-reset.requested.v2")
    headers = await accounts.log_in("ada@old.example")
    await ask(accounts, headers)
    confirmed = await accounts.client.post(
        "/me/email/confirm", json={"token": await confirm_link(accounts)}, headers=headers
    )
    assert confirmed.status_code == 200, confirmed.text
    body = {"token": accounts.link_token(reset), "new_password": "a brand new passphrase"}
    refused = await accounts.client.post("/password/reset", json=body)
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_link")
