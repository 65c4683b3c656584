"""R-A3: forgotten password, per the OWASP Forgot Password Cheat Sheet."""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta

RESET = "accounts.password-reset.requested.v2"
INVALID = "this link is invalid or has expired"
NEW_PASSWORD = "a brand new passphrase"


async def forgot(accounts, email: str):
    return await accounts.client.post("/password/forgot", json={"email": email})


async def reset_link(accounts, email: str = "ada@example.be") -> str:
    before = len(await accounts.events(RESET))
    assert (await forgot(accounts, email)).status_code == 202
    events = await accounts.events(RESET)
    assert len(events) == before + 1
    return accounts.link_token(events[-1])


async def test_r_a3_known_and_unknown_addresses_get_the_same_status_and_body(accounts):
    await accounts.register("ada@example.be")
    known = await forgot(accounts, "ada@example.be")
    unknown = await forgot(accounts, "nobody@example.be")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert known.content == unknown.content
    assert len(await accounts.events(RESET)) == 1


async def test_r_a3_known_and_unknown_addresses_take_the_same_time(accounts):
    """Medians of 20 interleaved calls each differ by less than 50 ms (on SQLite)."""
    await accounts.register("ada@example.be")
    timings: dict[str, list[float]] = {"ada@example.be": [], "nobody@example.be": []}
    for _ in range(20):
        accounts.clock.advance(timedelta(hours=1, seconds=1))  # every known call sends
        for email, spent in timings.items():
            started = time.perf_counter()
            answer = await forgot(accounts, email)
            spent.append(time.perf_counter() - started)
            assert answer.status_code == 202
    assert len(await accounts.events(RESET)) == 20
    known, unknown = (statistics.median(spent) for spent in timings.values())
    assert abs(known - unknown) < 0.050, (known, unknown)


async def test_r_a3_the_link_is_built_from_configuration_not_from_the_request(accounts):
    await accounts.register("ada@example.be")
    await accounts.client.post(
        "/password/forgot",
        json={"email": "ada@example.be"},
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    [event] = await accounts.events(RESET)
    # No URL at all: notifications builds it from its own configured address.
    assert "evil.example" not in str(event)
    assert event["link"]["purpose"] == "reset_password"
    assert datetime.fromisoformat(event["link"]["expires_at"]) == accounts.clock.now() + timedelta(
        minutes=30
    )


async def test_r_a3_a_reset_sets_the_password_and_the_used_link_is_refused(accounts):
    await accounts.register("ada@example.be")
    token = await reset_link(accounts)
    body = {"token": token, "new_password": NEW_PASSWORD}
    assert (await accounts.client.post("/password/reset", json=body)).status_code == 204
    assert await accounts.log_in("ada@example.be", NEW_PASSWORD)
    again = await accounts.client.post("/password/reset", json={**body, "new_password": "x" * 20})
    assert again.status_code == 400
    assert again.json()["detail"] == INVALID
    assert await accounts.log_in("ada@example.be", NEW_PASSWORD)


async def test_r_a3_an_expired_link_is_refused_after_31_minutes(accounts):
    await accounts.register("ada@example.be")
    token = await reset_link(accounts)
    accounts.clock.advance(timedelta(minutes=31))
    answer = await accounts.client.post(
        "/password/reset", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == INVALID
    assert await accounts.log_in("ada@example.be")  # the old password still works


async def test_r_a3_a_link_still_works_at_29_minutes(accounts):
    await accounts.register("ada@example.be")
    token = await reset_link(accounts)
    accounts.clock.advance(timedelta(minutes=29))
    answer = await accounts.client.post(
        "/password/reset", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert answer.status_code == 204


async def test_r_a3_a_made_up_token_is_refused(accounts):
    answer = await accounts.client.post(
        "/password/reset", json={"token": "not-a-token", "new_password": NEW_PASSWORD}
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == INVALID


async def test_r_a3_a_reset_ends_every_session(accounts):
    await accounts.register("ada@example.be")
    laptop = await accounts.log_in("ada@example.be")
    phone = await accounts.log_in("ada@example.be")
    token = await reset_link(accounts)
    await accounts.client.post(
        "/password/reset", json={"token": token, "new_password": NEW_PASSWORD}
    )
    for headers in (laptop, phone):
        answer = await accounts.client.get("/me", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["detail"] == "this session has ended: log in again"


async def test_r_a3_only_the_newest_link_works(accounts):
    await accounts.register("ada@example.be")
    first = await reset_link(accounts)
    second = await reset_link(accounts)
    old = await accounts.client.post(
        "/password/reset", json={"token": first, "new_password": NEW_PASSWORD}
    )
    assert old.status_code == 400
    new = await accounts.client.post(
        "/password/reset", json={"token": second, "new_password": NEW_PASSWORD}
    )
    assert new.status_code == 204


async def test_r_a3_at_most_three_reset_emails_per_address_and_hour(accounts):
    await accounts.register("ada@example.be")
    answers = [await forgot(accounts, "ada@example.be") for _ in range(5)]
    assert {a.status_code for a in answers} == {202}
    assert len({a.content for a in answers}) == 1
    assert len(await accounts.events(RESET)) == 3
    accounts.clock.advance(timedelta(hours=1, seconds=1))
    await forgot(accounts, "ada@example.be")
    assert len(await accounts.events(RESET)) == 4


async def test_r_a3_a_weak_new_password_is_a_422_and_keeps_the_link(accounts):
    await accounts.register("ada@example.be")
    token = await reset_link(accounts)
    weak = await accounts.client.post(
        "/password/reset", json={"token": token, "new_password": "short"}
    )
    assert weak.status_code == 422
    assert weak.json()["detail"].startswith("new_password: ")
    ok = await accounts.client.post(
        "/password/reset", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert ok.status_code == 204
