"""The in-company process, end to end on the real broker, every email to a real SMTP server.

Accounts, incompany, billing and notifications run as in production, each with
its own PostgreSQL database, talking only through RabbitMQ; one manual clock
moves them all. The walk: training plan -> request for 8 participants ->
trainer availability -> proposed dates -> confirmation with its recap ->
HR attestation approved -> 8 participants added (each gets an account, R-A7)
-> time moved through -21 d, -15 d (across the spring daylight-saving change),
+24 h, -3 d, the class, +1 d -> evaluations answered and seen by HR ->
attendance of 4 -> one 300 EUR shortfall invoice (R-I16), issued once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from incompany.entrypoints.scans import fire_due_deadlines
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

BRUSSELS = ZoneInfo("Europe/Brussels")
PASSWORD = "correct horse battery staple"
MANAGER = "marie@acme.example"
HR = "hanna@acme.example"
PDF = b"%PDF-1.4 signed document"


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


TODAY = brussels(2027, 1, 4, 9)  # Monday 4 January 2027
START = brussels(2027, 4, 12, 9)  # the class: Monday 12 April 2027, 09:00-12:30, summer time
END = brussels(2027, 4, 12, 12, 30)


def nrn(serial: int) -> str:
    base = f"850730{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


async def test_the_incompany_process(rabbitmq_url, fresh_database, settings_for, smtp_server):
    sink, smtp_port = smtp_server
    await reset_queues(rabbitmq_url)
    clock = ManualClock(TODAY)
    async with (
        running_service(
            NOTIFICATIONS,
            settings_for(
                "notifications",
                await fresh_database(),
                smtp_host="127.0.0.1",
                smtp_port=smtp_port,
                smtp_from="Formations <no-reply@training.example>",
                delivery_poll_seconds=0.05,
                public_base_url="https://app.example",
            ),
            clock=clock,
        ),
        running_service(
            ACCOUNTS,
            settings_for("accounts", await fresh_database(), public_base_url="https://app.example"),
            clock=clock,
        ) as accounts,
        running_service(
            INCOMPANY,
            settings_for(
                "incompany",
                await fresh_database(),
                nrn_encryption_keys=Fernet.generate_key().decode(),
                nrn_index_key="blind-index-key-for-the-journey-0123456789",
                platform_link_key="platform-link-key-for-the-journey-0123456789",
                platform_base_url="https://learn.example/start",
                public_base_url="https://app.example",
                class_link_template="https://learn.example/class/{group_reference}",
                deadline_poll_seconds=3600,  # the test runs the scan itself, after each move
            ),
            clock=clock,
        ) as incompany,
        running_service(
            BILLING,
            settings_for("billing", await fresh_database(), seller_name="Formations SA"),
            clock=clock,
        ) as billing,
    ):

        async def log_in(email: str) -> dict[str, str]:
            answer = await accounts.client.post(
                "/token", json={"email": email, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            return {"Authorization": f"Bearer {answer.json()['access_token']}"}

        async def set_password_from(message) -> None:
            answer = await accounts.client.post(
                "/password/set", json={"token": sink.link_token(message), "password": PASSWORD}
            )
            assert answer.status_code in (200, 204), answer.text

        async def move_to(instant: datetime) -> int:
            clock.set(instant)
            return await fire_due_deadlines(incompany.runtime)

        # --- staff: the first admin (operator command) acts as planner and customer service
        async with accounts.runtime.unit_of_work() as uow:
            _, _, admin_link = await create_first_admin(
                uow, accounts.runtime.settings, email="admin@training.example", full_name="Ada"
            )
        answer = await accounts.client.post(
            "/password/set",
            json={"token": unquote(admin_link.split("token=")[1]), "password": PASSWORD},
        )
        assert answer.status_code in (200, 204), answer.text
        staff = await log_in("admin@training.example")

        # --- the company, its manager and its HR user (invited by the manager)
        answer = await accounts.client.post(
            "/companies/register",
            json={
                "legal_name": "Acme SA",
                "country": "BE",
                "registration_number": "0403170701",
                "email": MANAGER,
                "password": PASSWORD,
                "full_name": "Marie Manager",
            },
        )
        assert answer.status_code == 201, answer.text
        company_id = answer.json()["company"]["id"]
        manager = await log_in(MANAGER)
        answer = await accounts.client.post(
            f"/companies/{company_id}/users",
            json={"email": HR, "full_name": "Hanna HR", "role": "hr"},
            headers=manager,
        )
        assert answer.status_code == 201, answer.text
        await set_password_from(await sink.received(HR, "accès"))
        hr = await log_in(HR)

        # --- the digital catalogue and the training plan (R-I2)
        course = await incompany.client.post(
            "/courses",
            json={"code": "XL-ADV", "title": "Excel avancé", "duration_minutes": 210},
            headers=staff,
        )
        assert course.status_code == 201, course.text

        async def plan_accepted() -> bool:
            answer = await incompany.client.post(
                "/training-plans",
                data={"year": "2027", "reference": "PLAN-2027"},
                files={"document": ("plan.pdf", PDF, "application/pdf")},
                headers=manager,
            )
            assert answer.status_code in (201, 409), answer.text  # 409: company not known yet
            return answer.status_code == 201

        await wait_until(plan_accepted, message="incompany to learn of the company")

        # --- the request for 8 participants (R-I1), availability and proposed dates (R-I3)
        too_few = await incompany.client.post(
            "/requests",
            json={
                "course_code": "XL-ADV",
                "desired_from": "2027-04-01",
                "desired_until": "2027-04-30",
                "expected_participants": 5,
                "hr_contact": {"email": HR, "full_name": "Hanna HR", "language": "fr"},
            },
            headers=manager,
        )
        assert too_few.status_code == 422
        assert "6" in too_few.text
        request = await incompany.client.post(
            "/requests",
            json={
                "course_code": "XL-ADV",
                "desired_from": "2027-04-01",
                "desired_until": "2027-04-30",
                "expected_participants": 8,
                "hr_contact": {"email": HR, "full_name": "Hanna HR", "language": "fr"},
            },
            headers=manager,
        )
        assert request.status_code == 201, request.text
        request_id = request.json()["id"]
        availability = await incompany.client.post(
            f"/requests/{request_id}/availability",
            json={
                "starts_at": (START - timedelta(hours=1)).isoformat(),
                "ends_at": (END + timedelta(hours=1)).isoformat(),
                "trainer_name": "Tina Trainer",
            },
            headers=staff,
        )
        assert availability.status_code == 201, availability.text
        proposed = await incompany.client.post(
            f"/requests/{request_id}/proposals",
            json={
                "options": [
                    {"sessions": [{"starts_at": START.isoformat(), "ends_at": END.isoformat()}]}
                ]
            },
            headers=staff,
        )
        assert proposed.status_code == 201, proposed.text
        dates = await sink.received(HR, "Dates proposées")
        assert "lundi 12 avril 2027" in sink.text_of(dates)

        # --- the customer confirms: the group and its recap (R-I4), line by line
        confirmed = await incompany.client.post(
            f"/requests/{request_id}/confirm",
            json={"proposal_id": proposed.json()["proposals"][0]["id"]},
            headers=manager,
        )
        assert confirmed.status_code == 201, confirmed.text
        [group] = confirmed.json()["groups"]
        group_id = group["id"]
        expected_line = "IC2027-0001/01 - Excel avancé - 12/04/2027 - 09:00-12:30"
        recap = await sink.received(HR, "Récapitulatif")
        recap_lines = [line.strip() for line in sink.text_of(recap).splitlines()]
        assert expected_line in recap_lines
        assert [line for line in recap_lines if line.startswith("IC2027-")] == [expected_line]
        assert any(p.get_filename() for p in recap.iter_attachments())  # the class's calendar

        # --- HR attestation (R-A6): participants refused until it is approved
        participant_body = {
            "full_name": "Person 1",
            "email": "person1@acme.example",
            "national_register_number": nrn(1),
            "language": "fr",
        }
        refused = await incompany.client.post(
            f"/groups/{group_id}/participants", json=participant_body, headers=hr
        )
        assert refused.status_code == 403, refused.text
        attestation = await incompany.client.post(
            "/attestations",
            data={"full_name": "Hanna HR", "position_title": "HR manager"},
            files={"document": ("attestation.pdf", PDF, "application/pdf")},
            headers=hr,
        )
        assert attestation.status_code == 201, attestation.text
        approved = await incompany.client.post(
            f"/attestations/{attestation.json()['id']}/approve", headers=staff
        )
        assert approved.status_code == 200, approved.text

        # --- participants (R-I5, R-I7, R-I8): 8 added, each gets an account (R-A7)
        wrong = await incompany.client.post(
            f"/groups/{group_id}/participants",
            json={**participant_body, "national_register_number": nrn(1)[:-2] + "00"},
            headers=hr,
        )
        assert wrong.status_code == 422
        assert "national_register_number" in wrong.text
        participant_ids: dict[str, str] = {}
        for serial in range(1, 9):
            email = f"person{serial}@acme.example"
            added = await incompany.client.post(
                f"/groups/{group_id}/participants",
                json={
                    "full_name": f"Person {serial}",
                    "email": email,
                    "national_register_number": nrn(serial),
                    "language": "fr",
                },
                headers=hr,
            )
            assert added.status_code == 201, added.text
            assert nrn(serial) not in added.text  # masked in every response
            participant_ids[email] = added.json()["id"]
        for serial in (1, 2):  # two of them set their password: they will evaluate
            await set_password_from(await sink.received(f"person{serial}@acme.example", "accès"))

        # --- -21 d: reminder to HR (R-I6)
        assert await move_to(brussels(2027, 3, 22, 9)) >= 1
        await sink.received(HR, "Rappel")

        # --- -15 d, across the daylight-saving change: definitive confirmation (R-I9)
        assert await move_to(brussels(2027, 3, 28, 8, 59)) == 0
        assert await move_to(brussels(2027, 3, 28, 9)) >= 1
        await sink.received(HR, "Confirmation définitive")
        for serial in range(1, 9):
            await sink.received(f"person{serial}@acme.example", "confirmée")

        # --- +24 h: each participant's learning-platform link (R-I10)
        assert await move_to(brussels(2027, 3, 29, 9)) >= 1
        for serial in range(1, 9):
            link_mail = await sink.received(f"person{serial}@acme.example", "plateforme")
            assert "https://learn.example/start" in sink.text_of(link_mail)
        person1 = await log_in("person1@acme.example")
        [mine] = (await incompany.client.get("/me/participations", headers=person1)).json()["items"]
        assert mine["platform_url"].startswith("https://learn.example/start")
        assert mine["class_link"] == "https://learn.example/class/IC2027-0001-01"

        # --- -3 d: the list is there, so no fee (R-I15); no more changes (R-I8)
        await move_to(brussels(2027, 4, 9, 9))
        hr = await log_in(HR)  # access tokens last minutes; weeks have passed
        late = await incompany.client.post(
            f"/groups/{group_id}/participants",
            json={
                "full_name": "Late Comer",
                "email": "late@acme.example",
                "national_register_number": nrn(99),
                "language": "fr",
            },
            headers=hr,
        )
        assert late.status_code in (409, 422), late.text
        assert sink.to(HR, "manquante") == []

        # --- the class, then +1 d: evaluation invitations (R-I12)
        await move_to(END + timedelta(hours=1))
        assert await move_to(END + timedelta(days=1)) >= 1
        for serial in range(1, 9):
            await sink.received(f"person{serial}@acme.example", "avis")
        person1, person2 = (
            await log_in("person1@acme.example"),
            await log_in("person2@acme.example"),
        )
        hr, staff = await log_in(HR), await log_in("admin@training.example")
        for who, rating in ((person1, 5), (person2, 3)):
            [mine] = (await incompany.client.get("/me/participations", headers=who)).json()["items"]
            answered = await incompany.client.post(
                f"/me/participations/{mine['participant_id']}/evaluation",
                json={
                    "ratings": {"content": rating, "trainer": 5, "organisation": 4, "platform": 4},
                    "comment": f"note {rating}",
                },
                headers=who,
            )
            assert answered.status_code == 201, answered.text
        again = await incompany.client.post(
            f"/me/participations/{participant_ids['person1@acme.example']}/evaluation",
            json={"ratings": {"content": 1, "trainer": 1, "organisation": 1, "platform": 1}},
            headers=person1,
        )
        assert again.status_code == 409
        results = await incompany.client.get(f"/groups/{group_id}/evaluation-results", headers=hr)
        assert results.status_code == 200, results.text
        results = results.json()
        assert results["responses"] == 2
        assert Decimal(str(results["averages"]["content"])) == Decimal(4)

        # --- attendance of 4: one 300 EUR shortfall invoice (R-I16), issued once
        attended = [participant_ids[f"person{serial}@acme.example"] for serial in range(1, 5)]
        recorded = await incompany.client.put(
            f"/groups/{group_id}/attendance", json={"attended": attended}, headers=staff
        )
        assert recorded.status_code == 200, recorded.text

        async def fee_invoices() -> list[dict]:
            answer = await billing.client.get(f"/invoices?reference_id={group_id}", headers=staff)
            assert answer.status_code == 200, answer.text
            return list(answer.json())

        async def invoiced() -> bool:
            return len(await fee_invoices()) >= 1

        await wait_until(invoiced, message="the shortfall invoice")
        fee_mail = await sink.received(HR, "frais de formation en entreprise")
        [fee] = await fee_invoices()
        assert Decimal(fee["total_amount"]) == Decimal("300.00")
        assert fee["kind"] == "incompany_fee"
        assert fee["number"] in str(fee_mail["Subject"])
        pdf = await billing.client.get(f"/invoices/{fee['id']}/pdf", headers=staff)
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
        # recording the attendance again changes nothing: still one invoice
        again = await incompany.client.put(
            f"/groups/{group_id}/attendance", json={"attended": attended}, headers=staff
        )
        assert again.status_code in (200, 409), again.text
        clock.advance(timedelta(minutes=1))
        await fire_due_deadlines(incompany.runtime)
        assert len(await fee_invoices()) == 1
