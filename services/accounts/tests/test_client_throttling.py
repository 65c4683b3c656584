"""Issue 13, finding 10: logins, registrations and reset requests are also limited per client
address, and a flood of /token calls beyond the limit runs no password hash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accounts.adapters import password_hashing
from accounts.domain.throttling import client_wait, window_start

WRONG = "not the password at all"
LIMITS = {"logins_per_client": 3, "registrations_per_client": 2, "password_resets_per_client": 2}


class CountingHasher:
    """The argon2 hasher, counting how often it runs."""

    def __init__(self, hasher) -> None:
        self.hasher, self.verified, self.hashed = hasher, 0, 0

    def verify(self, *args):
        self.verified += 1
        return self.hasher.verify(*args)

    def hash(self, *args):
        self.hashed += 1
        return self.hasher.hash(*args)


@pytest.fixture
def argon2(monkeypatch) -> CountingHasher:
    counting = CountingHasher(password_hashing._hasher)
    monkeypatch.setattr(password_hashing, "_hasher", counting)
    return counting


async def login(client, email: str, password: str = WRONG, **headers: str):
    return await client.post("/token", json={"email": email, "password": password}, headers=headers)


def test_windows_are_fixed_and_the_wait_ends_with_the_window():
    now = datetime(2026, 11, 25, 9, 3, 20, tzinfo=UTC)
    started = window_start(now, timedelta(minutes=10))
    assert started == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    window = timedelta(minutes=10)
    assert client_wait(3, started, now, limit=3, window=window) is None
    assert client_wait(4, started, now, limit=3, window=window) == timedelta(minutes=6, seconds=40)


async def test_finding_10_a_token_flood_beyond_the_limit_runs_no_password_hash(
    start_accounts, argon2
):
    async with start_accounts(**LIMITS) as accounts:
        attacker = accounts.client_at("203.0.113.7")
        answers = [await login(attacker, f"victim{n}@example.be") for n in range(20)]
        assert [a.status_code for a in answers[:3]] == [401] * 3
        assert {a.status_code for a in answers[3:]} == {429}
        assert argon2.verified == 3  # each refused attempt was stopped before the hash
        refused = answers[-1]
        assert refused.json()["code"] == "too_many_requests_from_client"
        assert int(refused.headers["Retry-After"]) == 600  # the clock stands still here


async def test_the_limit_is_per_client_address_and_lifts_with_the_window(start_accounts):
    async with start_accounts(**LIMITS) as accounts:
        await accounts.register("ada@example.be")
        attacker = accounts.client_at("203.0.113.7")
        for n in range(4):
            await login(attacker, f"someone{n}@example.be")
        assert (await login(attacker, "ada@example.be", accounts.PASSWORD)).status_code == 429
        ada = accounts.client_at("198.51.100.20")
        assert (await login(ada, "ada@example.be", accounts.PASSWORD)).status_code == 200
        accounts.clock.advance(timedelta(minutes=10))
        assert (await login(attacker, "ada@example.be", accounts.PASSWORD)).status_code == 200


async def test_registrations_beyond_the_limit_are_refused_before_hashing(start_accounts, argon2):
    async with start_accounts(**LIMITS) as accounts:
        client = accounts.client_at("203.0.113.7")
        statuses = []
        for n in range(4):
            body = {"email": f"new{n}@example.be", "password": accounts.PASSWORD, "full_name": "N"}
            statuses.append((await client.post("/register", json=body)).status_code)
        assert statuses == [201, 201, 429, 429]
        assert argon2.hashed == 2


async def test_reset_requests_beyond_the_limit_are_refused(start_accounts):
    async with start_accounts(**LIMITS) as accounts:
        client = accounts.client_at("203.0.113.7")
        statuses = [
            (await client.post("/password/forgot", json={"email": f"p{n}@example.be"})).status_code
            for n in range(3)
        ]
        assert statuses == [202, 202, 429]


async def test_behind_the_gateway_each_forwarded_client_is_counted_apart(start_accounts):
    async with start_accounts(trusted_proxies="10.0.0.5", **LIMITS) as accounts:
        gateway = accounts.client_at("10.0.0.5")
        for _ in range(3):
            await login(gateway, "x@example.be", **{"X-Forwarded-For": "203.0.113.7"})
        refused = await login(gateway, "x@example.be", **{"X-Forwarded-For": "203.0.113.7"})
        assert refused.status_code == 429
        other = await login(gateway, "x@example.be", **{"X-Forwarded-For": "198.51.100.20"})
        assert other.status_code == 401
        real_ip = await login(gateway, "x@example.be", **{"X-Real-IP": "192.0.2.33"})
        assert real_ip.status_code == 401


async def test_a_client_cannot_escape_its_count_by_writing_forwarded_headers(start_accounts):
    async with start_accounts(trusted_proxies="10.0.0.5", **LIMITS) as accounts:
        direct = accounts.client_at("203.0.113.7")  # not the gateway: its headers are ignored
        statuses = [
            (await login(direct, "x@example.be", **{"X-Forwarded-For": f"192.0.2.{n}"})).status_code
            for n in range(5)
        ]
        assert statuses == [401, 401, 401, 429, 429]
        gateway = accounts.client_at("10.0.0.5")  # nginx appends the address it saw
        forged = await login(gateway, "x@example.be", **{"X-Forwarded-For": "1.2.3.4, 203.0.113.7"})
        assert forged.status_code == 429
