"""Throttling per the OWASP cheat sheets, across services, beyond accounts' own tests.

Accounts' tests check the rules inside accounts (the doubling login wait, 429 with
Retry-After, three reset events an hour, same answers for unknown addresses).
These check what a person or an attacker meets across the platform:

- Forgot Password Cheat Sheet: however the address is written (case, spaces),
  at most three reset emails an hour reach the mailbox, through notifications
  and a real SMTP server; every answer is the same.
- Authentication Cheat Sheet: the failed-login count cannot be dodged by
  writing the address differently; and every endpoint that checks a password
  is throttled like the login, since a stolen access token must not become an
  unthrottled password oracle.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from testkit.services import wait_until

pytestmark = [pytest.mark.postgres]

PASSWORD = "Tr0ub4dor&3-security-suite"
WRONG = "not the password at all"


async def register(platform, email: str) -> None:
    answer = await platform.call(
        "accounts",
        "POST",
        "/register",
        json={"email": email, "password": PASSWORD, "full_name": "Tess"},
    )
    assert answer.status_code == 201, answer.text


async def log_in(platform, email: str, password: str):
    return await platform.call(
        "accounts", "POST", "/token", json={"email": email, "password": password}
    )


async def test_at_most_three_reset_emails_an_hour_reach_the_mailbox_however_written(
    platform_factory, smtp_server, secrets, ledger
):
    sink, port = smtp_server
    async with platform_factory(
        only=("accounts", "notifications"),
        notifications={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "delivery_poll_seconds": 0.05,
        },
    ) as platform:
        await register(platform, "tess@example.be")
        spellings = [
            "tess@example.be",
            "TESS@example.be",
            " tess@EXAMPLE.be ",
            "Tess@Example.Be",
            "tess@example.be",
        ]
        answers = [
            await platform.call("accounts", "POST", "/password/forgot", json={"email": e})
            for e in spellings
        ]
        unknown = await platform.call(
            "accounts", "POST", "/password/forgot", json={"email": "nobody@example.be"}
        )
        assert {a.status_code for a in [*answers, unknown]} == {202}
        assert len({a.content for a in [*answers, unknown]}) == 1

        async def three_sent() -> bool:
            return len(resets(sink, "tess@example.be")) >= 3

        await wait_until(three_sent, timeout=20, message="three reset emails")
        platform.clock.advance(timedelta(seconds=5))  # any queued fourth would go now
        await wait_until(_idle(platform), timeout=20, message="notifications idle")
        assert len(resets(sink, "tess@example.be")) == 3
        assert sink.to("nobody@example.be") == []
        for body in resets(sink, "tess@example.be"):
            secrets.add("link token", body.split("token=")[1].split()[0])

        platform.clock.advance(timedelta(hours=1, seconds=1))
        again = await platform.call(
            "accounts", "POST", "/password/forgot", json={"email": "TESS@example.be"}
        )
        assert again.status_code == 202

        async def fourth_sent() -> bool:
            return len(resets(sink, "tess@example.be")) == 4

        await wait_until(fourth_sent, timeout=20, message="the next hour's reset email")
    ledger.note("throttling: 5 reset requests in an hour (4 spellings) -> 3 emails; next hour 1")


def resets(sink, address: str) -> list[str]:
    """The plain-text bodies of the reset emails (those linking to the reset page) sent to
    `address`; the welcome email's verification link is another page (docs/LINKS.md)."""
    bodies = [m.get_body(preferencelist=("plain",)).get_content() for m in sink.to(address)]
    return [b for b in bodies if "/reset-password?token=" in b]


def _idle(platform):
    async def idle() -> bool:
        for name in ("accounts", "notifications"):
            if (await platform.services[name].runtime.relay.backlog()).pending:
                return False
        return True

    return idle


async def test_writing_the_address_differently_does_not_reset_the_failed_login_count(
    platform,
):
    await register(platform, "otto@example.be")
    for spelling in ("otto@example.be", "OTTO@example.be", "Otto@Example.be", " otto@example.be"):
        assert (await log_in(platform, spelling, WRONG)).status_code == 401
    assert (await log_in(platform, "otto@EXAMPLE.BE", WRONG)).status_code == 401  # the fifth
    refused = await log_in(platform, "OTTO@example.be", PASSWORD)
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    platform.clock.advance(timedelta(seconds=int(refused.headers["Retry-After"]) + 1))
    assert (await log_in(platform, "otto@example.be", PASSWORD)).status_code == 200


async def test_guessing_the_password_through_the_email_change_is_throttled_like_the_login(
    platform,
):
    await register(platform, "gus@example.be")
    token = (await log_in(platform, "gus@example.be", PASSWORD)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    statuses = []
    for attempt in range(8):
        answer = await platform.call(
            "accounts",
            "POST",
            "/me/email",
            json={"new_email": f"gus{attempt}@example.be", "password": f"{WRONG} {attempt}"},
            headers=headers,
        )
        statuses.append(answer.status_code)
    assert statuses[:5] == [403] * 5
    assert set(statuses[5:]) == {429}, statuses
