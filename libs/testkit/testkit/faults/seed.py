"""What the load works on: a catalogue, customers, and an in-company group open for HR.

Seeded through the REST APIs with staff tokens, as an operator's first day
would, so a scenario starts from states the services reached themselves: the
company exists in incompany because accounts' event said so, the group because
a manager confirmed a proposal. 12 sessions of 1,000 seats: more than any
scenario books.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import httpx

from contracts.identity import Role

if TYPE_CHECKING:
    from testkit.faults.rig import Rig

PDF = b"%PDF-1.4 fault suite document"


@dataclass
class Customer:
    user_id: UUID
    email: str
    name: str
    headers: dict[str, str]


async def seed(rig: Rig) -> None:
    """A catalogue, customers, and one in-company group open for participants."""
    http = rig.http
    course = await expect(
        201,
        http.post(
            f"{rig.url('enrollment')}/courses",
            json={"code": "RELY-1", "title": "Fiabilité", "list_price": "900.00"},
            headers=rig.staff,
        ),
    )
    sessions = []
    for week in range(12):  # 12,000 seats: more than any scenario books
        starts = f"2027-{1 + week:02d}-12T08:00:00+00:00"
        session = await expect(
            201,
            http.post(
                f"{rig.url('enrollment')}/sessions",
                json={
                    "course_id": course["id"],
                    "starts_at": starts,
                    "ends_at": starts.replace("T08", "T16"),
                    "location": "Bruxelles",
                    "seats": 1000,
                },
                headers=rig.staff,
            ),
        )
        sessions.append(session["id"])
    rig.catalogue["sessions"] = sessions
    rig.catalogue["customers"] = [_customer(rig, n) for n in range(40)]

    # In-company: a company registered in accounts, known to incompany by its event.
    registered = await expect(
        201,
        http.post(
            f"{rig.url('accounts')}/companies/register",
            json={
                "legal_name": "Fiable SA",
                "country": "BE",
                "registration_number": "0403170701",
                "email": "manager@fiable.example",
                "password": "a long and fine passphrase",
                "full_name": "Marie Manager",
            },
        ),
    )
    company_id = UUID(registered["company"]["id"])
    manager = rig.minter.headers(
        Role.ENROLLMENT_MANAGER,
        company_id=company_id,
        email="manager@fiable.example",
        lifetime=timedelta(hours=2),
    )
    hr = rig.minter.headers(
        Role.HR,
        user_id=uuid4(),
        company_id=company_id,
        email="hr@fiable.example",
        lifetime=timedelta(hours=2),
    )
    await expect(
        201,
        http.post(
            f"{rig.url('incompany')}/courses",
            json={
                "code": "RELY-IC",
                "title": "Fiabilité en entreprise",
                "duration_minutes": 210,
            },
            headers=rig.staff,
        ),
    )
    await expect(
        201,
        http.post(
            f"{rig.url('incompany')}/training-plans",
            data={"year": "2027", "reference": "PLAN-2027"},
            files={"document": ("plan.pdf", PDF, "application/pdf")},
            headers=manager,
        ),
    )
    hr_contact = {"email": "hr@fiable.example", "full_name": "Hanna HR", "language": "fr"}
    deadline = time.monotonic() + 60
    while True:  # 409 until incompany has consumed accounts.company.registered.v1
        answer = await http.post(
            f"{rig.url('incompany')}/requests",
            json={
                "course_code": "RELY-IC",
                "desired_from": "2027-06-01",
                "desired_until": "2027-06-30",
                "expected_participants": 8,
                "hr_contact": hr_contact,
            },
            headers=manager,
        )
        if answer.status_code == 201:
            request = answer.json()
            break
        assert answer.status_code == 409, answer.text
        assert time.monotonic() < deadline, "incompany never learnt of the company"
        await asyncio.sleep(0.2)
    await expect(
        201,
        http.post(
            f"{rig.url('incompany')}/requests/{request['id']}/availability",
            json={
                "starts_at": "2027-06-14T06:00:00+00:00",
                "ends_at": "2027-06-14T12:00:00+00:00",
                "trainer_name": "Tina Trainer",
            },
            headers=rig.staff,
        ),
    )
    proposed = await expect(
        201,
        http.post(
            f"{rig.url('incompany')}/requests/{request['id']}/proposals",
            json={
                "options": [
                    {
                        "sessions": [
                            {
                                "starts_at": "2027-06-14T07:00:00+00:00",
                                "ends_at": "2027-06-14T10:30:00+00:00",
                            }
                        ]
                    }
                ]
            },
            headers=rig.staff,
        ),
    )
    confirmed = await expect(
        201,
        http.post(
            f"{rig.url('incompany')}/requests/{request['id']}/confirm",
            json={"proposal_id": proposed["proposals"][0]["id"]},
            headers=manager,
        ),
    )
    [group] = confirmed["groups"]
    attestation = await expect(
        201,
        http.post(
            f"{rig.url('incompany')}/attestations",
            data={"full_name": "Hanna HR", "position_title": "HR manager"},
            files={"document": ("attestation.pdf", PDF, "application/pdf")},
            headers=hr,
        ),
    )
    await expect(
        200,
        http.post(
            f"{rig.url('incompany')}/attestations/{attestation['id']}/approve",
            headers=rig.staff,
        ),
    )
    rig.catalogue.update(group_id=group["id"], hr=hr, manager=manager, hr_contact=hr_contact)


def _customer(rig: Rig, n: int) -> Customer:
    user_id, email = uuid4(), f"customer{n}@rely.example"
    headers = rig.minter.headers(
        Role.INDIVIDUAL, user_id=user_id, email=email, lifetime=timedelta(hours=2)
    )
    return Customer(user_id, email, f"Customer {n}", headers)


async def expect(status: int, call: Awaitable[httpx.Response]) -> Any:
    answer = await call
    assert answer.status_code == status, f"{answer.status_code}: {answer.text}"
    return answer.json()
