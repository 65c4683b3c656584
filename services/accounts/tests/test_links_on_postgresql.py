"""Single use under a race, on PostgreSQL (R-A2, R-A3): of concurrent uses of one link,
exactly one succeeds."""

from __future__ import annotations

import asyncio

import pytest

NEW_PASSWORD = "a brand new passphrase"


@pytest.mark.postgres
async def test_r_a3_a_reset_link_used_ten_times_at_once_works_once(start_accounts, fresh_database):
    async with start_accounts(database_url=await fresh_database()) as accounts:
        await accounts.register("ada@example.be")
        await accounts.client.post("/password/forgot", json={"email": "ada@example.be"})
        [event] = await accounts.events("accounts.password-reset.requested.v2")
        body = {"token": accounts.link_token(event)}
        answers = await asyncio.gather(
            *(
                accounts.client.post(
                    "/password/reset", json={**body, "new_password": f"{NEW_PASSWORD} {i}"}
                )
                for i in range(10)
            )
        )
        assert sorted(a.status_code for a in answers) == [204] + [400] * 9
        winner = next(i for i, a in enumerate(answers) if a.status_code == 204)
        assert await accounts.log_in("ada@example.be", f"{NEW_PASSWORD} {winner}")
