"""Issue 13, finding 1: an address is proven by a single-use link before what is matched on it
shows. Tokens say whether it is (`email_verified`); other services gate on that claim."""

from __future__ import annotations

from datetime import timedelta

REGISTERED = "accounts.user.registered.v2"
RESENT = "accounts.email-verification.requested.v1"


async def claims(accounts, headers: dict[str, str]):
    """The access token as every service reads it (chassis.tokens)."""
    return accounts.runtime.tokens.verify(headers["Authorization"].removeprefix("Bearer "))


async def log_in_fully(accounts, email: str) -> dict:
    answer = await accounts.client.post(
        "/token", json={"email": email, "password": accounts.PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def refreshed(accounts, tokens: dict) -> dict[str, str]:
    answer = await accounts.client.post(
        "/token/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def welcome_token(accounts, email: str) -> str:
    [event] = [e for e in await accounts.events(REGISTERED) if e["email"] == email]
    return accounts.link_token(event)


async def test_finding_1_registering_someone_elses_address_gives_an_unverified_token(accounts):
    """Registering someone@example.com before staff book that person by phone used to
    show their booking: the token now says the address is not proven."""
    created = await accounts.register("someone@example.com")
    assert created["email_verified"] is False
    principal = await claims(accounts, await accounts.log_in("someone@example.com"))
    assert principal.email == "someone@example.com"
    assert principal.email_verified is False


async def test_the_welcome_link_confirms_the_address_and_the_next_token_says_so(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in_fully(accounts, "ada@example.be")
    link = await welcome_token(accounts, "ada@example.be")
    answer = await accounts.client.post("/verify-email", json={"token": link})  # public
    assert answer.status_code == 200, answer.text
    assert answer.json()["email_verified"] is True
    assert (await claims(accounts, await refreshed(accounts, tokens))).email_verified is True
    assert (await claims(accounts, await accounts.log_in("ada@example.be"))).email_verified
    again = await accounts.client.post("/verify-email", json={"token": link})
    assert (again.status_code, again.json()["code"]) == (400, "invalid_link")


async def test_a_company_manager_confirms_the_same_way(accounts):
    answer = await accounts.client.post(
        "/companies/register",
        json={
            "legal_name": "Corp SAS",
            "country": "FR",
            "registration_number": "732829320",
            "email": "manager@corp.example",
            "password": accounts.PASSWORD,
            "full_name": "Manon",
        },
    )
    assert answer.json()["user"]["email_verified"] is False
    link = await welcome_token(accounts, "manager@corp.example")
    assert (await accounts.client.post("/verify-email", json={"token": link})).status_code == 200


async def test_r_a2_a_staff_account_is_verified_by_its_set_password_link(accounts):
    admin = await accounts.an_admin()
    assert (await claims(accounts, admin)).email_verified is True  # the admin's own link
    staff = {"email": "cs@training.example", "full_name": "Claire", "role": "customer_service"}
    created = await accounts.client.post("/staff", json=staff, headers=admin)
    assert created.json()["email_verified"] is False
    [invited] = await accounts.events("accounts.user.invited.v2")
    body = {"token": accounts.link_token(invited), "password": accounts.PASSWORD}
    assert (await accounts.client.post("/password/set", json=body)).status_code == 204
    assert (await claims(accounts, await accounts.log_in("cs@training.example"))).email_verified


async def test_r_a3_a_password_reset_with_the_emailed_link_confirms_the_address(accounts):
    await accounts.register("ada@example.be")
    await accounts.client.post("/password/forgot", json={"email": "ada@example.be"})
    [reset] = await accounts.events("accounts.password-reset.requested.v2")
    body = {"token": accounts.link_token(reset), "new_password": "a brand new passphrase"}
    assert (await accounts.client.post("/password/reset", json=body)).status_code == 204
    answer = await accounts.client.post(
        "/token", json={"email": "ada@example.be", "password": "a brand new passphrase"}
    )
    principal = accounts.runtime.tokens.verify(answer.json()["access_token"])
    assert principal.email_verified is True


async def test_r_a5_a_confirmed_email_change_leaves_the_new_address_verified(accounts):
    await accounts.register("ada@old.example")
    tokens = await log_in_fully(accounts, "ada@old.example")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    await accounts.client.post(
        "/me/email",
        json={"new_email": "ada@new.example", "password": accounts.PASSWORD},
        headers=headers,
    )
    [requested] = await accounts.events("accounts.email-change.requested.v2")
    confirmed = await accounts.client.post(
        "/me/email/confirm", json={"token": accounts.link_token(requested)}, headers=headers
    )
    assert confirmed.json()["email_verified"] is True
    principal = await claims(accounts, await refreshed(accounts, tokens))
    assert (principal.email, principal.email_verified) == ("ada@new.example", True)


async def test_a_confirmation_link_for_an_address_the_account_left_is_refused(accounts):
    await accounts.register("ada@old.example")
    old_link = await welcome_token(accounts, "ada@old.example")
    headers = await accounts.log_in("ada@old.example")
    await accounts.client.post(
        "/me/email",
        json={"new_email": "ada@new.example", "password": accounts.PASSWORD},
        headers=headers,
    )
    [requested] = await accounts.events("accounts.email-change.requested.v2")
    await accounts.client.post(
        "/me/email/confirm", json={"token": accounts.link_token(requested)}, headers=headers
    )
    refused = await accounts.client.post("/verify-email", json={"token": old_link})
    assert refused.json()["code"] == "invalid_link"


async def test_a_signed_in_person_asks_again_and_only_the_newest_link_works(accounts):
    await accounts.register("ada@example.be")
    first = await welcome_token(accounts, "ada@example.be")
    headers = await accounts.log_in("ada@example.be")
    answer = await accounts.client.post("/verify-email/resend", headers=headers)
    assert answer.status_code == 202, answer.text
    [resent] = await accounts.events(RESENT)
    assert resent["email"] == "ada@example.be"
    assert resent["link"]["purpose"] == "verify_email"
    assert (await accounts.client.post("/verify-email", json={"token": first})).status_code == 400
    newest = {"token": accounts.link_token(resent)}
    assert (await accounts.client.post("/verify-email", json=newest)).status_code == 200
    done = await accounts.client.post("/verify-email/resend", headers=headers)
    assert (done.status_code, done.json()["code"]) == (409, "email_already_verified")


async def test_three_links_an_hour_at_most_the_welcome_counting(accounts):
    await accounts.register("ada@example.be")
    headers = await accounts.log_in("ada@example.be")
    accounts.clock.advance(timedelta(minutes=10))
    for _ in range(2):
        sent = await accounts.client.post("/verify-email/resend", headers=headers)
        assert sent.status_code == 202
    refused = await accounts.client.post("/verify-email/resend", headers=headers)
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many_verification_emails")
    assert refused.headers["Retry-After"] == str(50 * 60)  # the welcome leaves the hour then
    accounts.clock.advance(timedelta(minutes=50))
    headers = await accounts.log_in("ada@example.be")  # the access token expired meanwhile
    assert (await accounts.client.post("/verify-email/resend", headers=headers)).status_code == 202


async def test_asking_again_needs_a_signed_in_session(accounts):
    assert (await accounts.client.post("/verify-email/resend")).status_code == 401
