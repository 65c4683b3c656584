"""The platform's test clock (issue 14): admins read it and move it forward, only on a
deployment started with test clocks; every answer then says the time is not the real one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 25, 9, tzinfo=UTC)


async def test_without_test_clocks_there_is_no_test_clock(accounts):
    admin = await accounts.an_admin()
    for answer in (
        await accounts.client.get("/test-clock", headers=admin),
        await accounts.client.put("/test-clock", json={"by": "P1D"}, headers=admin),
    ):
        assert answer.status_code == 404
        assert answer.json()["code"] == "test_clocks_disabled"
        assert "X-Test-Clock" not in answer.headers


async def test_an_admin_advances_the_platforms_time_and_every_answer_says_so(start_accounts):
    async with start_accounts(test_clocks_enabled=True) as accounts:
        admin = await accounts.an_admin()
        read = await accounts.client.get("/test-clock", headers=admin)
        assert read.status_code == 200, read.text
        assert read.json() == {"now": "2026-11-25T09:00:00Z", "in_force": False,
                               "offset_seconds": 0.0}  # fmt: skip
        assert "X-Test-Clock" not in read.headers

        moved = await accounts.client.put("/test-clock", json={"by": "P1DT2H"}, headers=admin)
        assert moved.status_code == 200, moved.text
        assert moved.json()["in_force"] is True
        assert moved.json()["offset_seconds"] == 26 * 3600
        assert accounts.runtime.clock.now() == START + timedelta(days=1, hours=2)

        anyone = await accounts.client.get("/health/live")
        assert anyone.headers["X-Test-Clock"] == "2026-11-26T11:00:00+00:00"

        [event] = await accounts.events("platform.test-clock.moved.v1")
        assert event["offset_microseconds"] == 26 * 3600 * 10**6
        assert event["platform_time"] == "2026-11-26T11:00:00Z"

        jumped = await accounts.client.put(
            "/test-clock", json={"to": "2027-03-30T16:00:00+02:00"}, headers=admin
        )
        assert jumped.json()["now"] == "2027-03-30T14:00:00Z"


async def test_time_only_moves_forward(start_accounts):
    async with start_accounts(test_clocks_enabled=True) as accounts:
        admin = await accounts.an_admin()
        back = await accounts.client.put(
            "/test-clock", json={"to": "2026-11-25T08:59:59Z"}, headers=admin
        )
        assert back.status_code == 409
        assert back.json()["code"] == "test_clock_backwards"
        for body in ({"by": "-PT1H"}, {"by": 0}, {}, {"to": "2027-01-01T00:00:00"},
                     {"to": "2027-01-01T00:00:00Z", "by": "P1D"}):  # fmt: skip
            answer = await accounts.client.put("/test-clock", json=body, headers=admin)
            assert answer.status_code == 422, body
        assert accounts.runtime.clock.now() == START
        assert await accounts.events("platform.test-clock.moved.v1") == []


async def test_only_admins_move_it(start_accounts):
    async with start_accounts(test_clocks_enabled=True) as accounts:
        await accounts.register("ada@example.com")
        customer = await accounts.log_in("ada@example.com")
        assert (await accounts.client.get("/test-clock")).status_code == 401
        for answer in (
            await accounts.client.get("/test-clock", headers=customer),
            await accounts.client.put("/test-clock", json={"by": "P1D"}, headers=customer),
        ):
            assert answer.status_code == 403
        assert accounts.runtime.clock.now() == START


async def test_a_restart_keeps_the_moved_time(start_accounts, clock):
    async with start_accounts(test_clocks_enabled=True) as accounts:
        admin = await accounts.an_admin()
        await accounts.client.put("/test-clock", json={"by": "P20D"}, headers=admin)
    async with start_accounts(test_clocks_enabled=True) as accounts:
        assert accounts.runtime.clock.now() == START + timedelta(days=20)
        assert clock.now() == START  # the real clock never moved
