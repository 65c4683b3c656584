"""Issue 13, findings 5 and 11 (accounts' side): sessions for front ends.

A short access token and a rotating refresh token; reuse of a rotated one ends
the session (OAuth 2.0 Security BCP); logout, logout everywhere, and every
other way a session ends (a password reset R-A3, an email change R-A5)
announces the ended sessions in `accounts.sessions.ended.v1`, so the other
services refuse their tokens within seconds instead of at expiry.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

ENDED = "accounts.sessions.ended.v1"


async def log_in(accounts, email: str = "ada@example.be") -> dict:
    answer = await accounts.client.post(
        "/token", json={"email": email, "password": accounts.PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def sid(accounts, tokens: dict) -> str:
    return accounts.runtime.tokens.verify(tokens["access_token"]).session_id


async def refresh(accounts, refresh_token: str):
    return await accounts.client.post("/token/refresh", json={"refresh_token": refresh_token})


async def test_finding_5_a_login_gives_a_short_access_token_and_a_refresh_token(accounts):
    await accounts.register("ada@example.be")
    answer = await accounts.client.post(
        "/token", json={"email": "ada@example.be", "password": accounts.PASSWORD}
    )
    body = answer.json()
    assert (body["token_type"], body["expires_in"]) == ("bearer", 15 * 60)
    assert body["refresh_expires_in"] == 14 * 24 * 3600
    assert len(body["refresh_token"]) >= 43  # 256 random bits
    assert answer.headers["Cache-Control"] == "no-store"  # never kept by anyone


async def test_a_refresh_rotates_the_pair_within_the_same_session(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in(accounts)
    accounts.clock.advance(timedelta(minutes=14))
    answer = await refresh(accounts, tokens["refresh_token"])
    assert answer.status_code == 200, answer.text
    renewed = answer.json()
    assert renewed["refresh_token"] != tokens["refresh_token"]
    assert sid(accounts, renewed) == sid(accounts, tokens)
    accounts.clock.advance(timedelta(minutes=10))  # the first access token has expired
    assert (await accounts.client.get("/me", headers=bearer(tokens))).status_code == 401
    assert (await accounts.client.get("/me", headers=bearer(renewed))).status_code == 200
    assert (await refresh(accounts, renewed["refresh_token"])).status_code == 200


async def test_reusing_a_rotated_refresh_token_ends_the_whole_session(accounts):
    await accounts.register("ada@example.be")
    stolen = await log_in(accounts)
    other_device = await log_in(accounts)
    renewed = (await refresh(accounts, stolen["refresh_token"])).json()
    reused = await refresh(accounts, stolen["refresh_token"])  # the copy comes back
    assert (reused.status_code, reused.json()["code"]) == (401, "refresh_token_reused")
    newest = await refresh(accounts, renewed["refresh_token"])
    assert (newest.status_code, newest.json()["code"]) == (401, "invalid_refresh_token")
    ended = await accounts.client.get("/me", headers=bearer(renewed))
    assert (ended.status_code, ended.json()["code"]) == (401, "session_ended")
    assert (await accounts.client.get("/me", headers=bearer(other_device))).status_code == 200
    [event] = await accounts.events(ENDED)
    assert event["reason"] == "refresh_token_reused"
    assert event["session_ids"] == [sid(accounts, stolen)]


async def test_an_unknown_or_expired_refresh_token_is_refused_alike(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in(accounts)
    unknown = await refresh(accounts, "no-such-refresh-token")
    accounts.clock.advance(timedelta(days=14, seconds=1))
    expired = await refresh(accounts, tokens["refresh_token"])
    assert unknown.json()["code"] == expired.json()["code"] == "invalid_refresh_token"
    assert unknown.json()["detail"] == expired.json()["detail"]


async def test_a_session_ends_after_thirty_days_however_often_it_is_refreshed(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in(accounts)
    for _ in range(4):
        accounts.clock.advance(timedelta(days=7))
        answer = await refresh(accounts, tokens["refresh_token"])
        assert answer.status_code == 200, answer.text
        tokens = answer.json()
    assert tokens["refresh_expires_in"] == 2 * 24 * 3600  # the session's last two days
    accounts.clock.advance(timedelta(days=2))
    assert (await refresh(accounts, tokens["refresh_token"])).status_code == 401


async def test_logout_ends_this_session_and_announces_it_to_the_other_services(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in(accounts)
    other_device = await log_in(accounts)
    assert (await accounts.client.post("/logout", headers=bearer(tokens))).status_code == 204
    assert (await accounts.client.get("/me", headers=bearer(tokens))).status_code == 401
    assert (await refresh(accounts, tokens["refresh_token"])).status_code == 401
    assert (await accounts.client.get("/me", headers=bearer(other_device))).status_code == 200
    [event] = await accounts.events(ENDED)
    assert (event["reason"], event["session_ids"]) == ("logout", [sid(accounts, tokens)])
    expires = accounts.clock.now() + timedelta(minutes=15)
    assert datetime.fromisoformat(event["tokens_valid_until"]) == expires


async def test_a_front_end_whose_access_token_expired_revokes_its_refresh_token(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in(accounts)
    accounts.clock.advance(timedelta(hours=1))
    body = {"refresh_token": tokens["refresh_token"]}
    assert (await accounts.client.post("/token/revoke", json=body)).status_code == 204
    assert (await refresh(accounts, tokens["refresh_token"])).status_code == 401
    # Its last access token expired long ago: nothing for the other services to refuse.
    assert await accounts.events(ENDED) == []
    assert (await accounts.client.post("/token/revoke", json=body)).status_code == 204  # again
    unknown = await accounts.client.post("/token/revoke", json={"refresh_token": "nothing"})
    assert unknown.status_code == 204  # RFC 7009: the same answer


async def test_revoking_a_live_session_announces_it(accounts):
    await accounts.register("ada@example.be")
    tokens = await log_in(accounts)
    body = {"refresh_token": tokens["refresh_token"]}
    assert (await accounts.client.post("/token/revoke", json=body)).status_code == 204
    assert (await accounts.client.get("/me", headers=bearer(tokens))).status_code == 401
    [event] = await accounts.events(ENDED)
    assert (event["reason"], event["session_ids"]) == ("logout", [sid(accounts, tokens)])


async def test_logout_everywhere_ends_every_session_of_the_account(accounts):
    await accounts.register("ada@example.be")
    await accounts.register("bob@example.be")
    laptop, phone = await log_in(accounts), await log_in(accounts)
    bob = await log_in(accounts, "bob@example.be")
    answer = await accounts.client.post("/logout-everywhere", headers=bearer(phone))
    assert (answer.status_code, answer.json()) == (200, {"ended": 2})
    for tokens in (laptop, phone):
        assert (await accounts.client.get("/me", headers=bearer(tokens))).status_code == 401
        assert (await refresh(accounts, tokens["refresh_token"])).status_code == 401
    assert (await accounts.client.get("/me", headers=bearer(bob))).status_code == 200
    [event] = await accounts.events(ENDED)
    assert event["reason"] == "logout_everywhere"
    assert sorted(event["session_ids"]) == sorted([sid(accounts, laptop), sid(accounts, phone)])


async def test_finding_11_a_password_reset_ends_every_session_and_says_so(accounts):
    await accounts.register("ada@example.be")
    laptop, phone = await log_in(accounts), await log_in(accounts)
    await accounts.client.post("/password/forgot", json={"email": "ada@example.be"})
    [reset] = await accounts.events("accounts.password-reset.requested.v2")
    body = {"token": accounts.link_token(reset), "new_password": "a brand new passphrase"}
    assert (await accounts.client.post("/password/reset", json=body)).status_code == 204
    [event] = await accounts.events(ENDED)
    assert event["reason"] == "password_reset"
    assert sorted(event["session_ids"]) == sorted([sid(accounts, laptop), sid(accounts, phone)])
    for tokens in (laptop, phone):
        assert (await refresh(accounts, tokens["refresh_token"])).status_code == 401


async def test_r_a5_an_email_change_ends_the_other_sessions_only(accounts):
    await accounts.register("ada@old.example")
    mine, other = (
        await log_in(accounts, "ada@old.example"),
        await log_in(accounts, "ada@old.example"),
    )
    await accounts.client.post(
        "/me/email",
        json={"new_email": "ada@new.example", "password": accounts.PASSWORD},
        headers=bearer(mine),
    )
    [requested] = await accounts.events("accounts.email-change.requested.v2")
    await accounts.client.post(
        "/me/email/confirm", json={"token": accounts.link_token(requested)}, headers=bearer(mine)
    )
    [event] = await accounts.events(ENDED)
    assert (event["reason"], event["session_ids"]) == ("email_change", [sid(accounts, other)])
    assert (await accounts.client.get("/me", headers=bearer(mine))).status_code == 200


async def test_only_sessions_whose_tokens_may_still_pass_are_announced(accounts):
    await accounts.register("ada@example.be")
    old = sid(accounts, await log_in(accounts))
    accounts.clock.advance(timedelta(minutes=20))  # its access token has expired
    recent = await log_in(accounts)
    await accounts.client.post("/logout-everywhere", headers=bearer(recent))
    [event] = await accounts.events(ENDED)
    assert event["session_ids"] == [sid(accounts, recent)]
    assert old not in event["session_ids"]


async def test_a_login_retried_with_an_idempotency_key_is_not_replayed_nor_kept(accounts):
    """Replaying a token answer would keep usable credentials at rest for 24 hours."""
    await accounts.register("ada@example.be")
    body = {"email": "ada@example.be", "password": accounts.PASSWORD}
    key = {"Idempotency-Key": "login-1"}
    first = await accounts.client.post("/token", json=body, headers=key)
    second = await accounts.client.post("/token", json=body, headers=key)
    assert first.status_code == second.status_code == 200
    assert "Idempotent-Replayed" not in second.headers
    assert first.json()["refresh_token"] != second.json()["refresh_token"]
    table = accounts.runtime.delivery.idempotency
    async with accounts.runtime.db.sessions() as session:
        assert (await session.execute(select(table))).all() == []
