"""Sessions end on logout; failed logins are throttled per address, never locked for good."""

from __future__ import annotations

from datetime import timedelta

WRONG = "not the password at all"


async def attempt(accounts, password: str, email: str = "ada@example.be"):
    return await accounts.client.post("/token", json={"email": email, "password": password})


async def test_logout_ends_the_session_for_accounts(accounts):
    await accounts.register("ada@example.be")
    headers = await accounts.log_in("ada@example.be")
    other_device = await accounts.log_in("ada@example.be")
    assert (await accounts.client.post("/logout", headers=headers)).status_code == 204
    refused = await accounts.client.get("/me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "this session has ended: log in again"
    assert (await accounts.client.get("/me", headers=other_device)).status_code == 200


async def test_logout_without_a_token_is_401(accounts):
    assert (await accounts.client.post("/logout")).status_code == 401


async def test_after_five_failures_even_the_right_password_waits_with_retry_after(accounts):
    await accounts.register("ada@example.be")
    for _ in range(5):
        assert (await attempt(accounts, WRONG)).status_code == 401
    throttled = await attempt(accounts, accounts.PASSWORD)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "1"
    accounts.clock.advance(timedelta(seconds=1))
    assert (await attempt(accounts, accounts.PASSWORD)).status_code == 200


async def test_the_wait_doubles_with_each_failure(accounts):
    await accounts.register("ada@example.be")
    for _ in range(5):
        await attempt(accounts, WRONG)
    waits = []
    for _ in range(4):
        answer = await attempt(accounts, WRONG)
        waits.append(int(answer.headers["Retry-After"]))
        accounts.clock.advance(timedelta(seconds=waits[-1]))
        assert (await attempt(accounts, WRONG)).status_code == 401
    assert waits == [1, 2, 4, 8]


async def test_attempts_inside_the_window_do_not_lengthen_it(accounts):
    await accounts.register("ada@example.be")
    for _ in range(7):
        accounts.clock.advance(timedelta(minutes=20))
        await attempt(accounts, WRONG)
    for _ in range(50):
        assert (await attempt(accounts, WRONG)).status_code == 429
    assert (await attempt(accounts, WRONG)).headers["Retry-After"] == "4"
    accounts.clock.advance(timedelta(seconds=4))
    assert (await attempt(accounts, accounts.PASSWORD)).status_code == 200


async def test_the_wait_never_exceeds_fifteen_minutes(accounts):
    await accounts.register("ada@example.be")
    for _ in range(30):
        accounts.clock.advance(timedelta(minutes=16))
        assert (await attempt(accounts, WRONG)).status_code == 401
    throttled = await attempt(accounts, accounts.PASSWORD)
    assert throttled.headers["Retry-After"] == "900"
    accounts.clock.advance(timedelta(minutes=15))
    assert (await attempt(accounts, accounts.PASSWORD)).status_code == 200


async def test_a_success_resets_the_count(accounts):
    await accounts.register("ada@example.be")
    for _ in range(4):
        await attempt(accounts, WRONG)
    assert (await attempt(accounts, accounts.PASSWORD)).status_code == 200
    for _ in range(4):
        assert (await attempt(accounts, WRONG)).status_code == 401
    assert (await attempt(accounts, accounts.PASSWORD)).status_code == 200


async def test_throttling_is_per_address_and_the_same_for_unknown_ones(accounts):
    await accounts.register("ada@example.be")
    await accounts.register("bob@example.be")
    for email in ("ada@example.be", "ghost@example.be"):
        for _ in range(5):
            await attempt(accounts, WRONG, email)
    known = await attempt(accounts, WRONG, "ada@example.be")
    unknown = await attempt(accounts, WRONG, "ghost@example.be")
    assert known.status_code == unknown.status_code == 429
    assert known.json() == unknown.json()
    assert (await attempt(accounts, accounts.PASSWORD, "bob@example.be")).status_code == 200
