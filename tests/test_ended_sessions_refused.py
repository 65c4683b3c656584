"""Issue 13, finding 11, the other services' side: a session ended at accounts is refused by
every service within seconds, not when its access token expires.

Accounts, enrollment and billing run on the real broker; enrollment twice, on one
database, as two replicas behind one Service: only one of them consumes the
announcement, and the other must refuse the session all the same. A restarted
process still refuses it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from enrollment.service import DEFINITION as ENROLLMENT
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


async def test_a_logged_out_session_is_refused_by_every_replica_within_seconds(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    clock = ManualClock(NOW)  # the token's issuer and its checkers on one time
    enrollment_db = await fresh_database()
    async with (
        running_service(
            ACCOUNTS, settings_for("accounts", await fresh_database()), clock=clock
        ) as accounts,
        running_service(
            ENROLLMENT, settings_for("enrollment", enrollment_db), clock=clock
        ) as enrollment,
        running_service(
            ENROLLMENT, settings_for("enrollment", enrollment_db), clock=clock
        ) as replica,
        running_service(
            BILLING, settings_for("billing", await fresh_database()), clock=clock
        ) as billing,
    ):
        body = {"email": "ada@example.be", "password": PASSWORD, "full_name": "Ada"}
        assert (await accounts.client.post("/register", json=body)).status_code == 201
        answer = await accounts.client.post(
            "/token", json={"email": "ada@example.be", "password": PASSWORD}
        )
        bearer = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        readers = {
            "enrollment": (enrollment, "/bookings"),
            "enrollment replica": (replica, "/bookings"),
            "billing": (billing, "/invoices"),
        }
        for name, (service, path) in readers.items():
            answer = await service.client.get(path, headers=bearer)
            assert answer.status_code == 200, (name, answer.text)

        assert (await accounts.client.post("/logout", headers=bearer)).status_code == 204
        ended = time.monotonic()

        async def refused_everywhere() -> bool:
            for service, path in readers.values():
                answer = await service.client.get(path, headers=bearer)
                if answer.status_code != 401:
                    return False
                assert answer.json()["code"] == "session_ended", answer.text
            return True

        await wait_until(refused_everywhere, timeout=10, message="every service refusing it")
        assert time.monotonic() - ended < 10  # seconds, not the token's 15 minutes

    # a process started afterwards (a restart, a new replica) refuses it from its start
    async with running_service(
        ENROLLMENT, settings_for("enrollment", enrollment_db), clock=clock
    ) as restarted:
        answer = await restarted.client.get("/bookings", headers=bearer)
        assert answer.status_code == 401, answer.text
        assert answer.json()["code"] == "session_ended"
