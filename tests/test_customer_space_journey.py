"""The customer-space guide, end to end on the real broker, every email to a real SMTP server.

Four services run as they do in production (accounts, enrollment, billing,
notifications, each with its own PostgreSQL database), talking only through
RabbitMQ; one manual clock moves time for all of them. The walk:

  staff come to be (first admin, then customer service through its emailed link)
  -> a company registers -> customer service records its agreement (Wednesday)
  -> Saturday's cut-off passes -> the first enrollment, at list price, is validated
  -> the manager now sees discounted prices -> a second enrollment at the discount
  -> half of it invoiced (partly invoiced) -> the rest (invoiced)
  -> a third enrollment is invoiced, then cancelled through a change request,
     with a credit note.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import unquote

import pytest

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from enrollment.service import DEFINITION as ENROLLMENT
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

# Wednesday 25 November 2026, 10:00 in Paris.
WEDNESDAY = datetime(2026, 11, 25, 9, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
MANAGER = "manon@corp.example"
CS = "cs@training.example"


async def test_the_customer_space_guide(rabbitmq_url, fresh_database, settings_for, smtp_server):
    sink, smtp_port = smtp_server
    await reset_queues(rabbitmq_url)
    clock = ManualClock(WEDNESDAY)

    def settings(name: str, url: str, **extra):
        return settings_for(name, url, **extra)

    async with (
        running_service(
            NOTIFICATIONS,
            settings(
                "notifications",
                await fresh_database(),
                smtp_host="127.0.0.1",
                smtp_port=smtp_port,
                smtp_from="Formations <no-reply@training.example>",
                delivery_poll_seconds=0.05,
                public_base_url="https://app.example",
            ),
            clock=clock,
        ) as notifications,
        running_service(
            ACCOUNTS,
            settings("accounts", await fresh_database(), public_base_url="https://app.example"),
            clock=clock,
        ) as accounts,
        running_service(
            ENROLLMENT, settings("enrollment", await fresh_database()), clock=clock
        ) as enrollment,
        running_service(
            BILLING,
            settings("billing", await fresh_database(), seller_name="Formations SA"),
            clock=clock,
        ) as billing,
    ):

        async def log_in(email: str) -> dict[str, str]:
            answer = await accounts.client.post(
                "/token", json={"email": email, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            return {"Authorization": f"Bearer {answer.json()['access_token']}"}

        # --- staff come to be: the first admin (operator command), then customer service (R-A2)
        async with accounts.runtime.unit_of_work() as uow:
            _, _, admin_link = await create_first_admin(
                uow, accounts.runtime.settings, email="admin@training.example", full_name="Ada"
            )
        admin_token = unquote(admin_link.split("token=")[1])
        answer = await accounts.client.post(
            "/password/set", json={"token": admin_token, "password": PASSWORD}
        )
        assert answer.status_code in (200, 204), answer.text
        admin = await log_in("admin@training.example")
        answer = await accounts.client.post(
            "/staff",
            json={"email": CS, "full_name": "Claire Service", "role": "customer_service"},
            headers=admin,
        )
        assert answer.status_code == 201, answer.text
        access = await sink.received(CS, "accès")
        assert "https://app.example/" in sink.text_of(access)
        assert PASSWORD not in sink.text_of(access)
        answer = await accounts.client.post(
            "/password/set", json={"token": sink.link_token(access), "password": PASSWORD}
        )
        assert answer.status_code in (200, 204), answer.text
        cs = await log_in(CS)

        # --- the catalogue
        course = await enrollment.client.post(
            "/courses",
            json={"code": "PY-101", "title": "Python pour débutants", "list_price": "1000.00"},
            headers=cs,
        )
        assert course.status_code == 201, course.text
        starts = datetime(2027, 1, 11, 8, tzinfo=UTC)
        session = await enrollment.client.post(
            "/sessions",
            json={
                "course_id": course.json()["id"],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "location": "12 rue de la Paix, Paris",
                "seats": 10,
            },
            headers=cs,
        )
        assert session.status_code == 201, session.text
        session_id = session.json()["id"]

        # --- a company account (R-A1)
        answer = await accounts.client.post(
            "/companies/register",
            json={
                "legal_name": "Corp SAS",
                "country": "FR",
                "registration_number": "732829320",
                "email": MANAGER,
                "password": PASSWORD,
                "full_name": "Manon Martin",
            },
        )
        assert answer.status_code == 201, answer.text
        company_id = answer.json()["company"]["id"]
        await sink.received(MANAGER, "Bienvenue")
        manager = await log_in(MANAGER)

        # --- the agreement, recorded on Wednesday (R-B1, R-B3)
        async def company_known() -> bool:
            companies = await enrollment.client.get("/companies", headers=cs)
            return company_id in [c["id"] for c in companies.json()["items"]]

        await wait_until(company_known, message="enrollment to learn of the company")
        agreement = await enrollment.client.post(
            f"/companies/{company_id}/agreements",
            json={"discount_rate": "0.20", "reference": "AC-2026-7"},
            headers=cs,
        )
        assert agreement.status_code == 201, agreement.text
        assert agreement.json()["effective_from"] == "2026-11-27T23:00:00Z"  # Saturday 0:00 Paris

        # Monday 30 November, 09:00 in Paris: the weekly update has run.
        clock.set(datetime(2026, 11, 30, 8, tzinfo=UTC))
        manager, cs = await log_in(MANAGER), await log_in(CS)

        async def prices() -> dict[str, str]:
            answer = await enrollment.client.get("/courses", headers=manager)
            return {c["code"]: c["price"] for c in answer.json()["items"]}

        # --- the first enrollment, at list price (R-B2: no validated enrollment yet)
        assert await prices() == {"PY-101": "1000.00"}
        first = await enrollment.client.post(
            "/bookings",
            json={
                "session_id": session_id,
                "trainees": [{"full_name": "Manon Martin", "email": MANAGER}],
            },
            headers=manager,
        )
        assert first.status_code == 201, first.text
        [first] = first.json()
        assert first["price"] == "1000.00"
        assert first["validation_due_at"] == "2026-12-01T08:00:00Z"  # R-C2, 09:00 in Paris
        validated = await enrollment.client.post(f"/bookings/{first['id']}/validate", headers=cs)
        assert validated.status_code == 200, validated.text

        confirmation = await sink.received(MANAGER, "Inscription confirmée")  # R-C3
        assert "Python pour débutants" in sink.text_of(confirmation)
        assert "11/01/2027" in sink.text_of(confirmation) or "2027" in sink.text_of(confirmation)
        [calendar] = [
            part for part in confirmation.iter_attachments() if part.get_filename() == "session.ics"
        ]
        ics = calendar.get_content()
        ics = ics.decode() if isinstance(ics, bytes) else ics
        assert "BEGIN:VEVENT" in ics
        assert "DTSTART:20270111T080000Z" in ics

        # --- the manager now sees the agreement price (R-B2)
        assert await prices() == {"PY-101": "800.00"}

        # --- a second enrollment, for a colleague, at the discounted price
        second = await enrollment.client.post(
            "/bookings",
            json={
                "session_id": session_id,
                "trainees": [{"full_name": "Marc Petit", "email": "marc@corp.example"}],
                "placed_by_name": "Manon Martin",
            },
            headers=manager,
        )
        assert second.status_code == 201, second.text
        [second] = second.json()
        assert second["price"] == "800.00"
        await enrollment.client.post(f"/bookings/{second['id']}/validate", headers=cs)
        await sink.received(MANAGER, "Inscription confirmée", count=2)
        await sink.received("marc@corp.example", "Inscription confirmée")

        async def billable(booking_id: str) -> bool:
            answer = await billing.client.get(f"/billables/{booking_id}", headers=cs)
            return answer.status_code == 200

        async def status_of(booking_id: str) -> str:
            answer = await enrollment.client.get(f"/bookings/{booking_id}", headers=manager)
            return str(answer.json()["status"])

        async def invoice(booking_id: str, amount: str | None = None) -> dict:
            body = {"reference_id": booking_id, **({"amount": amount} if amount else {})}
            answer = await billing.client.post("/invoices", json=body, headers=cs)
            assert answer.status_code == 201, answer.text
            return dict(answer.json())

        # --- half of it invoiced: partly invoiced (R-C4)
        await wait_until(lambda: billable(second["id"]), message="the booking to be billable")
        half = await invoice(second["id"], "400.00")
        assert Decimal(half["total_amount"]) == Decimal("400.00")

        async def status_is(booking_id: str, expected: str) -> bool:
            return await status_of(booking_id) == expected

        await wait_until(lambda: status_is(second["id"], "partly_invoiced"), message="partly")
        invoice_mail = await sink.received(MANAGER, half["number"])
        assert "400,00" in sink.text_of(invoice_mail) or "400.00" in sink.text_of(invoice_mail)

        # --- the rest: invoiced
        rest = await invoice(second["id"])
        assert Decimal(rest["total_amount"]) == Decimal("400.00")
        assert int(rest["number"][-6:]) == int(half["number"][-6:]) + 1  # gapless
        await wait_until(lambda: status_is(second["id"], "invoiced"), message="invoiced")
        await sink.received(MANAGER, rest["number"])
        history = (
            await enrollment.client.get(f"/bookings/{second['id']}", headers=manager)
        ).json()["history"]
        assert [h["status"] for h in history] == [
            "pending_validation",
            "validated",
            "partly_invoiced",
            "invoiced",
        ]

        # --- a third enrollment, invoiced, then cancelled through a change request (R-C5)
        third = await enrollment.client.post(
            "/bookings",
            json={
                "session_id": session_id,
                "trainees": [{"full_name": "Lea Roux", "email": "lea@corp.example"}],
                "placed_by_name": "Manon Martin",
            },
            headers=manager,
        )
        [third] = third.json()
        await enrollment.client.post(f"/bookings/{third['id']}/validate", headers=cs)
        await wait_until(lambda: billable(third["id"]), message="the third booking billable")
        third_invoice = await invoice(third["id"])
        await wait_until(lambda: status_is(third["id"], "invoiced"), message="third invoiced")

        asked = await enrollment.client.post(
            f"/bookings/{third['id']}/change-requests",
            json={"kind": "cancel", "message": "Léa a quitté l'entreprise"},
            headers=manager,
        )
        assert asked.status_code == 201, asked.text
        [open_request] = (await enrollment.client.get("/change-requests", headers=cs)).json()[
            "items"
        ]
        resolved = await enrollment.client.post(
            f"/change-requests/{open_request['id']}/resolve",
            json={"outcome": "cancelled", "reason": "Annulée, avoir émis"},
            headers=cs,
        )
        assert resolved.status_code == 200, resolved.text
        assert await status_of(third["id"]) == "cancelled"
        outcome = await sink.received(MANAGER, "demande")
        assert "Annulée, avoir émis" in sink.text_of(outcome)

        async def credited() -> bool:
            notes = await billing.client.get("/credit-notes", headers=cs)
            return any(n["invoice_id"] == third_invoice["id"] for n in notes.json()["items"])

        await wait_until(credited, message="the credit note")
        [note] = [
            n
            for n in (await billing.client.get("/credit-notes", headers=cs)).json()["items"]
            if n["invoice_id"] == third_invoice["id"]
        ]
        assert Decimal(note["total_amount"]) == Decimal("800.00")
        await sink.received(MANAGER, note["number"])

        # --- the manager's history: three enrollments with their statuses (R-A4)
        mine = (await enrollment.client.get("/bookings", headers=manager)).json()["items"]
        assert [(b["trainee_name"], b["price"], b["status"]) for b in mine] == [
            ("Manon Martin", "1000.00", "validated"),
            ("Marc Petit", "800.00", "invoiced"),
            ("Lea Roux", "800.00", "cancelled"),
        ]
        seats = (await enrollment.client.get(f"/sessions/{session_id}")).json()["seats_left"]
        assert seats == 8
        # every message the notifications service recorded was delivered, once
        recorded, url = [], "/messages?limit=200"
        while url:  # every page of it
            page = (await notifications.client.get(url, headers=cs)).json()
            recorded, url = recorded + page["items"], page["next"]
        assert recorded, "notifications recorded nothing"
        assert {m["status"] for m in recorded} == {"sent"}, [
            (m["template"], m["status"]) for m in recorded if m["status"] != "sent"
        ]
