"""Test clocks as an integrator uses them (issue 14): the five services on the real broker,
each on its own PostgreSQL database, behind one gateway; time moves only through
`PUT /accounts/test-clock`, and every scan acts on the new time at once. The clock beneath
the test clock is the real time of the start, held still (nothing in the test moves it),
so the instants set through the API hold to the second however slow the machine.

- R-B3: an agreement changed on Thursday; old price Friday 23:59, new price Saturday
  00:00 Paris, and a booking requested on Friday keeps its price;
- R-C2: a request made Friday 26 March 2027 16:00 Paris, Easter Monday a holiday, is due
  Tuesday 30 March 16:00: not overdue at 15:59, overdue at 16:00, staff alerted once;
- an in-company group walked from its request to the +1 day evaluation invitation by
  moving the clock only (no scan is called by the test).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import httpx
import pytest
from cryptography.fernet import Fernet
from starlette.applications import Starlette
from starlette.routing import Mount

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import RunningService, reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

PARIS = ZoneInfo("Europe/Paris")
BRUSSELS = ZoneInfo("Europe/Brussels")
PASSWORD = "correct horse battery staple"
ADMIN = "admin@training.example"
ALERTS = "alerts@training.example"
NAMES = ("accounts", "enrollment", "incompany", "billing", "notifications")


def paris(*wall: int) -> datetime:
    return datetime(*wall, tzinfo=PARIS)


def brussels(*wall: int) -> datetime:
    return datetime(*wall, tzinfo=BRUSSELS)


@dataclass
class Gateway:
    """The five services under their prefixes, as the gateway serves them."""

    client: httpx.AsyncClient
    services: dict[str, RunningService]
    sink: Any
    admin: dict[str, str] | None = None

    async def log_in(self, email: str) -> dict[str, str]:
        answer = await self.client.post(
            "/accounts/token", json={"email": email, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    async def platform_times(self) -> dict[str, datetime | None]:
        """What each service's answers say the platform's time is (X-Test-Clock)."""
        times: dict[str, datetime | None] = {}
        for name in NAMES:
            header = (await self.client.get(f"/{name}/health/live")).headers.get("X-Test-Clock")
            times[name] = datetime.fromisoformat(header) if header else None
        return times

    async def move_to(self, instant: datetime) -> float:
        """Move the platform's time to `instant`, as an admin; wait until all five services
        answer with it, and return how long that took after accounts' answer."""
        assert self.admin is not None
        moved = await self.client.put(
            "/accounts/test-clock", json={"to": instant.isoformat()}, headers=self.admin
        )
        assert moved.status_code == 200, moved.text
        assert datetime.fromisoformat(moved.json()["now"]) == instant
        answered = time.monotonic()

        async def everywhere() -> bool:
            times = await self.platform_times()
            return all(t == instant for t in times.values())

        await wait_until(everywhere, timeout=10, message=f"every service at {instant}")
        return time.monotonic() - answered


@contextlib.asynccontextmanager
async def the_platform(
    rabbitmq_url: str, fresh_database: Any, settings_for: Any, smtp_port: int, sink: Any
) -> AsyncIterator[Gateway]:
    await reset_queues(rabbitmq_url)
    real = ManualClock(datetime.now(UTC))  # the real time, held still

    async def settings(name: str, **extra: Any) -> Any:
        return settings_for(name, await fresh_database(), test_clocks_enabled=True, **extra)

    async with (
        running_service(
            NOTIFICATIONS,
            await settings(
                "notifications",
                smtp_host="127.0.0.1",
                smtp_port=smtp_port,
                smtp_from="Formations <no-reply@training.example>",
                staff_alerts_email=ALERTS,
                delivery_poll_seconds=0.1,
                public_base_url="https://app.example",
            ),
            clock=real,
        ) as notifications,
        running_service(
            ACCOUNTS, await settings("accounts", public_base_url="https://app.example"), clock=real
        ) as accounts,
        running_service(
            ENROLLMENT, await settings("enrollment", overdue_scan_seconds=3600), clock=real
        ) as enrollment,
        running_service(
            INCOMPANY,
            await settings(
                "incompany",
                nrn_encryption_keys=Fernet.generate_key().decode(),
                nrn_index_key="blind-index-key-for-the-test-clocks-0123456789",
                platform_link_key="platform-link-key-for-the-test-clocks-0123456789",
                platform_base_url="https://learn.example/start",
                public_base_url="https://app.example",
                class_link_template="https://learn.example/class/{group_reference}",
                deadline_poll_seconds=3600,  # only a move of the clock wakes the scan
            ),
            clock=real,
        ) as incompany,
        running_service(
            BILLING, await settings("billing", seller_name="Formations SA"), clock=real
        ) as billing,
    ):
        services = {
            "accounts": accounts,
            "enrollment": enrollment,
            "incompany": incompany,
            "billing": billing,
            "notifications": notifications,
        }
        app = Starlette(routes=[Mount(f"/{n}", app=s.app) for n, s in services.items()])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            gateway = Gateway(client, services, sink)

            async def ready() -> bool:  # as a deployment is, before anyone uses it
                answers = [await client.get(f"/{name}/health/ready") for name in NAMES]
                return all(answer.status_code == 200 for answer in answers)

            await wait_until(ready, timeout=30, message="the five services ready")
            # the first admin, as the operator's command makes one
            async with accounts.runtime.unit_of_work() as uow:
                _, _, link = await create_first_admin(
                    uow, accounts.runtime.settings, email=ADMIN, full_name="Ada"
                )
            chosen = await client.post(
                "/accounts/password/set",
                json={"token": unquote(link.split("token=")[1]), "password": PASSWORD},
            )
            assert chosen.status_code in (200, 204), chosen.text
            gateway.admin = await gateway.log_in(ADMIN)
            yield gateway


@pytest.fixture
async def platform(rabbitmq_url, fresh_database, settings_for, smtp_server):
    sink, smtp_port = smtp_server
    async with the_platform(rabbitmq_url, fresh_database, settings_for, smtp_port, sink) as it:
        yield it


async def a_course_and_session(gateway: Gateway, starts_at: datetime) -> str:
    staff = gateway.admin
    course = await gateway.client.post(
        "/enrollment/courses",
        json={"code": "PY-101", "title": "Python pour débutants", "list_price": "1000.00"},
        headers=staff,
    )
    assert course.status_code == 201, course.text
    session = await gateway.client.post(
        "/enrollment/sessions",
        json={
            "course_id": course.json()["id"],
            "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=8)).isoformat(),
            "location": "12 rue de la Paix, Paris",
            "seats": 20,
        },
        headers=staff,
    )
    assert session.status_code == 201, session.text
    return str(session.json()["id"])


async def book(
    gateway: Gateway, session_id: str, who: dict[str, str], name: str, email: str, **extra: str
):
    answer = await gateway.client.post(
        "/enrollment/bookings",
        json={
            "session_id": session_id,
            "trainees": [{"full_name": name, "email": email}],
            **extra,
        },
        headers=who,
    )
    assert answer.status_code == 201, answer.text
    [booking] = answer.json()
    return booking


async def test_the_clock_reads_and_marks_every_answer_of_every_service(platform):
    before = await platform.client.get("/accounts/test-clock", headers=platform.admin)
    assert before.json()["in_force"] is False
    assert set((await platform.platform_times()).values()) == {None}
    took = await platform.move_to(datetime.now(UTC) + timedelta(days=3))
    assert took < 1.0, f"the services saw the move {took:.2f} s after accounts"
    times = await platform.platform_times()
    assert max(times.values()) - min(times.values()) < timedelta(seconds=1)  # type: ignore[operator]
    back = await platform.client.put(
        "/accounts/test-clock", json={"by": "-P1D"}, headers=platform.admin
    )
    assert back.status_code == 422
    earlier = await platform.client.put(
        "/accounts/test-clock",
        json={"to": datetime.now(UTC).isoformat()},
        headers=platform.admin,
    )
    assert earlier.status_code == 409
    assert earlier.json()["code"] == "test_clock_backwards"


async def test_r_b3_an_agreement_changed_on_thursday_takes_effect_on_saturday(platform):
    gateway = platform
    staff = gateway.admin
    await gateway.move_to(paris(2027, 3, 1, 10))  # Monday 1 March 2027
    session_id = await a_course_and_session(gateway, paris(2027, 5, 10, 9))
    registered = await gateway.client.post(
        "/accounts/companies/register",
        json={
            "legal_name": "Corp SAS",
            "country": "FR",
            "registration_number": "732829320",
            "email": "manon@corp.example",
            "password": PASSWORD,
            "full_name": "Manon Martin",
        },
    )
    assert registered.status_code == 201, registered.text
    company_id = registered.json()["company"]["id"]
    manager = await gateway.log_in("manon@corp.example")

    async def company_known() -> bool:
        companies = await gateway.client.get("/enrollment/companies", headers=staff)
        return company_id in [c["id"] for c in companies.json()["items"]]

    await wait_until(company_known, message="enrollment to learn of the company")

    async def price_seen() -> str:
        courses = await gateway.client.get("/enrollment/courses", headers=manager)
        return str(courses.json()["items"][0]["price"])

    # The agreement in force: 10 % from Saturday 6 March; a first enrollment validated (R-B2).
    first = await gateway.client.post(
        f"/enrollment/companies/{company_id}/agreements",
        json={"discount_rate": "0.10", "reference": "AC-1"},
        headers=staff,
    )
    assert first.status_code == 201, first.text
    validated = await book(gateway, session_id, manager, "Manon Martin", "manon@corp.example")
    answer = await gateway.client.post(
        f"/enrollment/bookings/{validated['id']}/validate", headers=staff
    )
    assert answer.status_code == 200, answer.text
    await gateway.move_to(paris(2027, 3, 8, 9))
    assert await price_seen() == "900.00"

    # Thursday 11 March: the agreement changes to 20 %, pending until the weekend.
    await gateway.move_to(paris(2027, 3, 11, 10))
    changed = await gateway.client.post(
        f"/enrollment/companies/{company_id}/agreements",
        json={"discount_rate": "0.20", "reference": "AC-2"},
        headers=staff,
    )
    assert changed.status_code == 201, changed.text
    assert changed.json()["effective_from"] == "2027-03-12T23:00:00Z"  # Saturday 00:00 Paris
    assert await price_seen() == "900.00"

    # Friday 12 March 16:00: a booking at the price of the day.
    await gateway.move_to(paris(2027, 3, 12, 16))
    friday = await book(
        gateway, session_id, manager, "Marc Martin", "marc@corp.example", placed_by_name="Manon"
    )
    assert friday["price"] == "900.00"

    await gateway.move_to(paris(2027, 3, 12, 23, 59))
    assert await price_seen() == "900.00"
    await gateway.move_to(paris(2027, 3, 13, 0, 0))
    assert await price_seen() == "800.00"
    kept = await gateway.client.get(f"/enrollment/bookings/{friday['id']}", headers=manager)
    assert kept.json()["price"] == "900.00"
    saturday = await book(
        gateway, session_id, manager, "Léa Martin", "lea@corp.example", placed_by_name="Manon"
    )
    assert saturday["price"] == "800.00"


async def test_r_c2_a_friday_request_before_easter_monday_is_overdue_tuesday_16h(platform):
    gateway = platform
    staff = gateway.admin
    session_id = await a_course_and_session(gateway, paris(2027, 5, 10, 9))
    registered = await gateway.client.post(
        "/accounts/register",
        json={"email": "ada@example.fr", "password": PASSWORD, "full_name": "Ada"},
    )
    assert registered.status_code == 201, registered.text
    ada = await gateway.log_in("ada@example.fr")

    async def pending() -> dict[str, bool]:
        answer = await gateway.client.get("/enrollment/bookings/pending", headers=staff)
        assert answer.status_code == 200, answer.text
        return {b["id"]: b["overdue"] for b in answer.json()["items"]}

    def alerts_about(booking_id: str) -> int:
        return sum(booking_id in gateway.sink.text_of(m) for m in gateway.sink.to(ALERTS))

    async def flagged(booking_id: str) -> None:
        async def done() -> bool:
            return (await pending())[booking_id] and alerts_about(booking_id) >= 1

        await wait_until(done, timeout=20, message=f"{booking_id} flagged and staff alerted")

    # A sentinel due a minute earlier, requested Friday 15:59: it proves the scan ran then.
    await gateway.move_to(paris(2027, 3, 26, 15, 59))
    sentinel = await book(gateway, session_id, ada, "Ada", "ada@example.fr")
    assert sentinel["validation_due_at"] == "2027-03-30T13:59:00Z"  # 15:59 in Paris
    await gateway.move_to(paris(2027, 3, 26, 16))  # Friday 26 March 2027, 16:00 in Paris
    booking = await book(gateway, session_id, ada, "Ada", "ada@example.fr")
    assert booking["validation_due_at"] == "2027-03-30T14:00:00Z"  # 16:00 Paris, Monday skipped

    await gateway.move_to(paris(2027, 3, 30, 15, 59))  # Tuesday 15:59
    await flagged(sentinel["id"])
    assert (await pending())[booking["id"]] is False  # flagged in the same pass, had it been due
    assert alerts_about(booking["id"]) == 0

    await gateway.move_to(paris(2027, 3, 30, 16))  # Tuesday 16:00
    await flagged(booking["id"])

    # Alerted once: a later request falling due on Wednesday is flagged, this one not again.
    await gateway.move_to(paris(2027, 3, 30, 16, 30))
    later = await book(gateway, session_id, ada, "Ada", "ada@example.fr")
    await gateway.move_to(paris(2027, 3, 31, 16, 30))
    await flagged(later["id"])
    assert alerts_about(booking["id"]) == 1
    assert alerts_about(sentinel["id"]) == 1


def nrn(serial: int) -> str:
    base = f"850730{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


async def test_an_incompany_group_walked_to_its_evaluation_by_moving_the_clock_only(platform):
    gateway = platform
    client, sink, staff = gateway.client, gateway.sink, gateway.admin
    hr_email, manager_email = "hanna@acme.example", "marie@acme.example"
    starts, ends = brussels(2027, 4, 12, 9), brussels(2027, 4, 12, 12, 30)
    await gateway.move_to(brussels(2027, 1, 4, 9))  # Monday 4 January 2027

    async def set_password_from(message: Any) -> None:
        answer = await client.post(
            "/accounts/password/set",
            json={"token": sink.link_token(message), "password": PASSWORD},
        )
        assert answer.status_code in (200, 204), answer.text

    registered = await client.post(
        "/accounts/companies/register",
        json={
            "legal_name": "Acme SA",
            "country": "BE",
            "registration_number": "0403170701",
            "email": manager_email,
            "password": PASSWORD,
            "full_name": "Marie Manager",
        },
    )
    assert registered.status_code == 201, registered.text
    company_id = registered.json()["company"]["id"]
    manager = await gateway.log_in(manager_email)
    invited = await client.post(
        f"/accounts/companies/{company_id}/users",
        json={"email": hr_email, "full_name": "Hanna HR", "role": "hr"},
        headers=manager,
    )
    assert invited.status_code == 201, invited.text
    await set_password_from(await sink.received(hr_email, "accès"))
    hr = await gateway.log_in(hr_email)

    course = await client.post(
        "/incompany/courses",
        json={"code": "XL-ADV", "title": "Excel avancé", "duration_minutes": 210},
        headers=staff,
    )
    assert course.status_code == 201, course.text

    async def plan_accepted() -> bool:
        answer = await client.post(
            "/incompany/training-plans",
            data={"year": "2027", "reference": "PLAN-2027"},
            files={"document": ("plan.pdf", b"%PDF-1.4 plan", "application/pdf")},
            headers=manager,
        )
        assert answer.status_code in (201, 409), answer.text  # 409: company not known yet
        return answer.status_code == 201

    await wait_until(plan_accepted, message="incompany to learn of the company")
    request = await client.post(
        "/incompany/requests",
        json={
            "course_code": "XL-ADV",
            "desired_from": "2027-04-01",
            "desired_until": "2027-04-30",
            "expected_participants": 6,
            "hr_contact": {"email": hr_email, "full_name": "Hanna HR", "language": "fr"},
        },
        headers=manager,
    )
    assert request.status_code == 201, request.text
    request_id = request.json()["id"]
    availability = await client.post(
        f"/incompany/requests/{request_id}/availability",
        json={
            "starts_at": (starts - timedelta(hours=1)).isoformat(),
            "ends_at": (ends + timedelta(hours=1)).isoformat(),
            "trainer_name": "Tina Trainer",
        },
        headers=staff,
    )
    assert availability.status_code == 201, availability.text
    proposed = await client.post(
        f"/incompany/requests/{request_id}/proposals",
        json={
            "options": [
                {"sessions": [{"starts_at": starts.isoformat(), "ends_at": ends.isoformat()}]}
            ]
        },
        headers=staff,
    )
    assert proposed.status_code == 201, proposed.text
    confirmed = await client.post(
        f"/incompany/requests/{request_id}/confirm",
        json={"proposal_id": proposed.json()["proposals"][0]["id"]},
        headers=manager,
    )
    assert confirmed.status_code == 201, confirmed.text
    [group] = confirmed.json()["groups"]
    await sink.received(hr_email, "Récapitulatif")

    attestation = await client.post(
        "/incompany/attestations",
        data={"full_name": "Hanna HR", "position_title": "HR manager"},
        files={"document": ("attestation.pdf", b"%PDF-1.4 tos", "application/pdf")},
        headers=hr,
    )
    assert attestation.status_code == 201, attestation.text
    approved = await client.post(
        f"/incompany/attestations/{attestation.json()['id']}/approve", headers=staff
    )
    assert approved.status_code == 200, approved.text
    people = [f"person{serial}@acme.example" for serial in range(1, 7)]
    for serial, email in enumerate(people, start=1):
        added = await client.post(
            f"/incompany/groups/{group['id']}/participants",
            json={
                "full_name": f"Person {serial}",
                "email": email,
                "national_register_number": nrn(serial),
                "language": "fr",
            },
            headers=hr,
        )
        assert added.status_code == 201, added.text

    # From here on only the clock moves: each deadline fires as its time comes.
    assert sink.to(hr_email, "Rappel") == []
    await gateway.move_to(brussels(2027, 3, 22, 9))  # -21 d: the participant reminder (R-I6)
    await sink.received(hr_email, "Rappel")
    # -15 d, across the daylight-saving change of 28 March: the definitive confirmation (R-I9)
    await gateway.move_to(brussels(2027, 3, 28, 9))
    await sink.received(hr_email, "Confirmation définitive")
    await gateway.move_to(brussels(2027, 3, 29, 9))  # +24 h: each one's platform link (R-I10)
    for email in people:
        link = await sink.received(email, "plateforme")
        assert "https://learn.example/start" in sink.text_of(link)
    await gateway.move_to(brussels(2027, 4, 9, 9))  # -3 d: the list is there (R-I15)
    await gateway.move_to(brussels(2027, 4, 12, 13))  # the class is over
    await gateway.move_to(brussels(2027, 4, 13, 12, 30))  # +1 d: the evaluation (R-I12)
    for email in people:
        await sink.received(email, "avis")
    assert sink.to(hr_email, "manquante") == []
    details = await client.get(f"/incompany/groups/{group['id']}", headers=staff)
    assert details.status_code == 200, details.text
