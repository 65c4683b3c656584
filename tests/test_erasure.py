"""Erasure on request (GDPR art. 17, issue 18), end to end on the real broker and PostgreSQL.

A person registers, books a session, is validated and invoiced; customer service then
erases their account. Accounts, enrollment and notifications hold nothing of their name
or address any more (every table of each database is searched), once accounts' outbox
has let the erasure event itself go (its retention); billing still has the invoice and
its PDF, unchanged, as the law requires.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest
from sqlalchemy import MetaData, select

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from chassis.retention import prune, rules_of
from enrollment.service import DEFINITION as ENROLLMENT
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
EMAIL, NAME = "erik.erasable@example.be", "Erik Erasable-Person"


async def everything_stored(runtime) -> str:
    """Every value of every table of the service's database, as one lower-case text."""
    metadata = MetaData()
    texts = []
    async with runtime.db.engine.connect() as connection:
        await connection.run_sync(metadata.reflect)
        for table in metadata.sorted_tables:
            for row in (await connection.execute(select(table))).all():
                for value in row:
                    raw = bytes(value) if isinstance(value, bytes | memoryview) else None
                    texts.append(raw.decode("latin-1") if raw is not None else str(value))
    return "\n".join(texts).lower()


def traces(text: str) -> list[str]:
    return [t for t in (EMAIL, NAME.lower(), "erasable-person") if t in text]


async def test_an_erased_person_leaves_no_trace_but_their_invoice(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    clock = ManualClock(NOW)
    async with (
        running_service(
            NOTIFICATIONS, settings_for("notifications", await fresh_database()), clock=clock
        ) as notifications,
        running_service(
            ACCOUNTS, settings_for("accounts", await fresh_database()), clock=clock
        ) as accounts,
        running_service(
            ENROLLMENT, settings_for("enrollment", await fresh_database()), clock=clock
        ) as enrollment,
        running_service(
            BILLING, settings_for("billing", await fresh_database()), clock=clock
        ) as billing,
    ):
        async def log_in(email: str) -> dict[str, str]:
            answer = await accounts.client.post(
                "/token", json={"email": email, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            return {"Authorization": f"Bearer {answer.json()['access_token']}"}

        async with accounts.runtime.unit_of_work() as uow:
            _, _, link = await create_first_admin(
                uow, accounts.runtime.settings, email="admin@training.example", full_name="Ada"
            )
        await accounts.client.post(
            "/password/set", json={"token": unquote(link.split("token=")[1]), "password": PASSWORD}
        )
        admin = await log_in("admin@training.example")

        registered = await accounts.client.post(
            "/register", json={"email": EMAIL, "password": PASSWORD, "full_name": NAME}
        )
        assert registered.status_code == 201, registered.text
        user_id = registered.json()["id"]
        person = await log_in(EMAIL)

        course = await enrollment.client.post(
            "/courses",
            json={"code": "GD-101", "title": "Data protection", "list_price": "500.00"},
            headers=admin,
        )
        starts = NOW + timedelta(days=40)
        session = await enrollment.client.post(
            "/sessions",
            json={
                "course_id": course.json()["id"],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "location": "Bruxelles",
                "seats": 5,
            },
            headers=admin,
        )
        booked = await enrollment.client.post(
            "/bookings",
            json={
                "session_id": session.json()["id"],
                "trainees": [{"full_name": NAME, "email": EMAIL}],
            },
            headers=person,
        )
        assert booked.status_code == 201, booked.text
        [booking] = booked.json()
        validated = await enrollment.client.post(
            f"/bookings/{booking['id']}/validate", headers=admin
        )
        assert validated.status_code == 200, validated.text

        async def billable() -> bool:
            answer = await billing.client.get(f"/billables/{booking['id']}", headers=admin)
            return answer.status_code == 200

        await wait_until(billable, message="the booking to be billable")
        issued = await billing.client.post(
            "/invoices", json={"reference_id": booking["id"]}, headers=admin
        )
        assert issued.status_code == 201, issued.text
        invoice = issued.json()
        pdf_before = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=admin)
        invoice_before = (
            await billing.client.get(f"/invoices/{invoice['id']}", headers=admin)
        ).json()
        assert invoice_before["number"] == invoice["number"]
        assert pdf_before.status_code == 200

        async def messages_recorded() -> bool:
            return bool(traces(await everything_stored(notifications.runtime)))

        await wait_until(messages_recorded, message="notifications to hold the person's mail")
        for service in (accounts, enrollment, notifications):
            assert traces(await everything_stored(service.runtime)), "the scan finds them"

        # Who may erase: staff only, with problem details otherwise.
        url = f"/users/{user_id}/erasure"
        refused = await accounts.client.post(url, headers=person)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("application/problem+json")
        admin_id = (await me(accounts, admin))["id"]
        own = await accounts.client.post(f"/users/{admin_id}/erasure", headers=admin)
        assert (own.status_code, own.json()["code"]) == (409, "self_erasure")
        erased = await accounts.client.post(url, headers=admin)
        assert erased.status_code == 200, erased.text
        assert erased.json()["published_events_deleted"] >= 1  # the registration
        again = await accounts.client.post(url, headers=admin)
        assert (again.status_code, again.json()["code"]) == (404, "account_not_found")

        async def copies_erased() -> bool:
            return not traces(await everything_stored(enrollment.runtime)) and not traces(
                await everything_stored(notifications.runtime)
            )

        await wait_until(copies_erased, message="enrollment and notifications to erase")

        # Accounts keeps the erasure event itself (it names the address so the others find
        # their copies) until the outbox's retention: 7 days after it was published.
        assert traces(await everything_stored(accounts.runtime)) == [EMAIL]
        clock.advance(timedelta(days=7, hours=1))
        await prune(accounts.runtime.db, rules_of(accounts.runtime), accounts.runtime.settings,
                    clock)  # fmt: skip
        assert traces(await everything_stored(accounts.runtime)) == []
        # (after the search: a failed login keys its throttle row by the address typed)
        gone = await accounts.client.post("/token", json={"email": EMAIL, "password": PASSWORD})
        assert gone.status_code == 401

        # Billing: the invoice, legally kept, unchanged and readable (a week later).
        admin = await log_in("admin@training.example")
        kept = await billing.client.get(f"/invoices/{invoice['id']}", headers=admin)
        assert kept.status_code == 200
        assert kept.json() == invoice_before
        pdf_after = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=admin)
        assert pdf_after.status_code == 200
        # Printed again from the same facts (the PDF is rendered on each read: its creation
        # date and file id differ, its size and content do not).
        assert pdf_after.content.startswith(b"%PDF")
        assert len(pdf_after.content) == len(pdf_before.content)
        assert EMAIL in await everything_stored(billing.runtime)


async def me(accounts, headers) -> dict:
    answer = await accounts.client.get("/me", headers=headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())
