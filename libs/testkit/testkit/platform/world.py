"""What the two companies own, made through the APIs: the matrix's and the fuzzer's world.

Company A and company B each get an agreement with its own price, bookings
(validated, invoiced, one cancelled with its credit note), a change request,
a training plan, an in-company request confirmed into a group, an approved HR
attestation, a participant with a national register number, and the messages
all this caused. Every id, reference and email is recorded in its `Side`, so a
test can look for one company's private text in what the other received.
Waits poll for what arrives by event (companies in enrollment, billables,
credit notes, messages): the bus delivers in process, but not at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from testkit.platform.log_tape import Secrets
from testkit.platform.people import Side, participant
from testkit.services import wait_until

if TYPE_CHECKING:
    from testkit.platform.inprocess import Platform

GROUP_START = datetime(2027, 4, 12, 7, 0, tzinfo=UTC)
GROUP_END = datetime(2027, 4, 12, 10, 30, tzinfo=UTC)
SESSION_START = datetime(2027, 3, 15, 8, 0, tzinfo=UTC)
PDF = b"%PDF-1.4 security suite document"


def nrn(serial: int, birth: str = "850730") -> str:
    """A valid Belgian national register number (born before 2000), check digits included."""
    base = f"{birth}{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


async def seed_world(platform: Platform, secrets: Secrets) -> None:
    """Through the APIs: a catalogue, each company's agreement, bookings (validated,
    invoiced, one cancelled with its credit note), change requests, an in-company
    group with a participant, an approved HR attestation, and their messages."""
    p = platform.people
    staff_cs, planner = p["customer_service"].headers, p["planner"].headers

    async def companies_known() -> bool:
        found = await platform.call("enrollment", "GET", "/companies", headers=staff_cs)
        ids = {c["id"] for c in found.json()["items"]}
        return all(s.company_id in ids for s in platform.sides.values())

    await wait_until(companies_known, message="the companies in enrollment")
    course = await platform.expect(
        201,
        "enrollment",
        "POST",
        "/courses",
        json={"code": "SEC-101", "title": "Secure coding", "list_price": "900.00"},
        headers=planner,
    )
    session = await platform.expect(
        201,
        "enrollment",
        "POST",
        "/sessions",
        json={
            "course_id": course["id"],
            "starts_at": SESSION_START.isoformat(),
            "ends_at": (SESSION_START + timedelta(hours=7)).isoformat(),
            "location": "Paris",
            "seats": 50,
        },
        headers=planner,
    )
    platform.public_ids["session"] = session["id"]
    await platform.expect(
        201,
        "incompany",
        "POST",
        "/courses",
        json={"code": "IC-SEC", "title": "Security awareness", "duration_minutes": 210},
        headers=planner,
    )
    await platform.expect(
        201,
        "enrollment",
        "POST",
        "/bookings",
        json={
            "session_id": session["id"],
            "trainees": [{"full_name": "Ivy", "email": "ivy@individual.example"}],
        },
        headers=p["individual"].headers,
    )
    for n, (name, side) in enumerate(platform.sides.items()):
        await _seed_enrollment(platform, name, side, session["id"], 700 + n + 0.37)
    for name, side in platform.sides.items():
        await _seed_billing(platform, name, side)
    for name, side in platform.sides.items():
        await _seed_incompany(platform, name, side, secrets)
    await _seed_messages(platform)


async def _seed_enrollment(
    platform: Platform, name: str, side: Side, session_id: str, price: float
) -> None:
    p = platform.people
    manager = p[f"manager {name}"]
    side.ids["user"] = manager.user_id  # a person staff may erase (issue 18)
    agreement = await platform.expect(
        201,
        "enrollment",
        "POST",
        f"/companies/{side.company_id}/agreements",
        json={"course_prices": {"SEC-101": f"{price:.2f}"}, "reference": f"AGR-{name}-77"},
        headers=p["customer_service"].headers,
    )
    side.ids["agreement"] = agreement["id"]
    side.private |= {agreement["id"], f"AGR-{name}-77", f"{price:.2f}"}
    domain = f"company-{name.lower()}.example"
    booked = await platform.expect(
        201,
        "enrollment",
        "POST",
        "/bookings",
        json={
            "session_id": session_id,
            "trainees": [
                {"full_name": f"Manager {name}", "email": manager.email},
                {"full_name": f"Colleague {name}", "email": f"colleague@{domain}"},
            ],
        },
        headers=manager.headers,
    )
    side.ids["booking"] = booked[0]["id"]
    side.ids["other booking"] = booked[1]["id"]
    side.private |= {b["id"] for b in booked} | {booked[0]["request_id"]}
    for booking in booked:
        await platform.expect(
            200,
            "enrollment",
            "POST",
            f"/bookings/{booking['id']}/validate",
            headers=p["customer_service"].headers,
        )
    change = await platform.expect(
        201,
        "enrollment",
        "POST",
        f"/bookings/{side.ids['other booking']}/change-requests",
        json={"kind": "cancel", "message": f"Colleague {name} cannot come"},
        headers=manager.headers,
    )
    side.ids["change request"] = change["id"]
    side.private.add(change["id"])


async def _seed_billing(platform: Platform, name: str, side: Side) -> None:
    p = platform.people
    cs = p["customer_service"].headers

    async def billables_exist() -> bool:
        for kind in ("booking", "other booking"):
            found = await platform.call(
                "billing", "GET", f"/billables/{side.ids[kind]}", headers=cs
            )
            if found.status_code != 200:
                return False
        return True

    await wait_until(billables_exist, message=f"company {name}'s billables")
    for kind in ("booking", "other booking"):
        invoice = await platform.expect(
            201,
            "billing",
            "POST",
            "/invoices",
            json={"reference_id": side.ids[kind]},
            headers=cs,
        )
        side.ids["invoice" if kind == "booking" else "other invoice"] = invoice["id"]
        side.private.add(invoice["id"])  # numbers are per kind: 2027-000002 is both
    await platform.expect(
        200,
        "enrollment",
        "POST",
        f"/change-requests/{side.ids['change request']}/resolve",
        json={"outcome": "cancelled", "reason": "asked by the customer"},
        headers=cs,
    )

    async def credit_noted() -> bool:
        notes = await platform.call(
            "billing",
            "GET",
            "/credit-notes",
            params={"reference_id": side.ids["other booking"]},
            headers=cs,
        )
        return len(notes.json()["items"]) == 1

    await wait_until(credit_noted, message=f"company {name}'s credit note")
    [note] = (
        await platform.call(
            "billing",
            "GET",
            "/credit-notes",
            params={"reference_id": side.ids["other booking"]},
            headers=cs,
        )
    ).json()["items"]
    side.ids["credit note"] = note["id"]
    side.private.add(note["id"])


async def _seed_incompany(platform: Platform, name: str, side: Side, secrets: Secrets) -> None:
    p = platform.people
    manager, hr = p[f"manager {name}"], p[f"hr {name}"]
    planner, cs = p["planner"].headers, p["customer_service"].headers
    plan = await platform.expect(
        201,
        "incompany",
        "POST",
        "/training-plans",
        data={"year": "2027", "reference": f"PLAN-{name}-2027"},
        files={"document": (f"plan-{name}.pdf", PDF, "application/pdf")},
        headers=manager.headers,
    )
    side.ids["plan"] = plan["id"]
    side.private |= {plan["id"], f"PLAN-{name}-2027", f"plan-{name}.pdf"}
    request = await platform.expect(
        201,
        "incompany",
        "POST",
        "/requests",
        json={
            "course_code": "IC-SEC",
            "desired_from": "2027-04-10",
            "desired_until": "2027-04-14",
            "expected_participants": 8,
            "hr_contact": {"email": hr.email, "full_name": f"Hanna {name}"},
            "comment": f"Request of company {name}",
        },
        headers=manager.headers,
    )
    side.ids["request"] = request["id"]
    side.private.add(request["id"])
    availability = await platform.expect(
        201,
        "incompany",
        "POST",
        f"/requests/{request['id']}/availability",
        json={
            "starts_at": (GROUP_START - timedelta(hours=1)).isoformat(),
            "ends_at": (GROUP_END + timedelta(hours=1)).isoformat(),
            "trainer_name": "Tina Trainer",
        },
        headers=planner,
    )
    side.ids["availability"] = availability["id"]
    side.private.add(availability["id"])
    proposed = await platform.expect(
        201,
        "incompany",
        "POST",
        f"/requests/{request['id']}/proposals",
        json={
            "options": [
                {
                    "sessions": [
                        {"starts_at": GROUP_START.isoformat(), "ends_at": GROUP_END.isoformat()}
                    ]
                }
            ]
        },
        headers=planner,
    )
    confirmed = await platform.expect(
        201,
        "incompany",
        "POST",
        f"/requests/{request['id']}/confirm",
        json={"proposal_id": proposed["proposals"][0]["id"]},
        headers=manager.headers,
    )
    [group] = confirmed["groups"]
    side.ids["group"] = group["id"]
    side.private |= {group["id"], group["reference"]}
    attestation = await platform.expect(
        201,
        "incompany",
        "POST",
        "/attestations",
        data={"full_name": f"Hanna {name}", "position_title": "HR manager"},
        files={"document": (f"attestation-{name}.pdf", PDF, "application/pdf")},
        headers=hr.headers,
    )
    side.ids["attestation"] = attestation["id"]
    side.private |= {attestation["id"], f"attestation-{name}.pdf"}
    await platform.expect(
        200, "incompany", "POST", f"/attestations/{attestation['id']}/approve", headers=cs
    )
    number = nrn(100 + len(side.ids), "900101" if name == "A" else "880202")
    secrets.add("national register number", number)
    participant_email = f"participant@company-{name.lower()}.example"
    added = await platform.expect(
        201,
        "incompany",
        "POST",
        f"/groups/{group['id']}/participants",
        json={
            "full_name": f"Pat {name}",
            "email": participant_email,
            "national_register_number": number,
        },
        headers=hr.headers,
    )
    side.ids["participant"] = added["id"]
    side.ids["nrn"] = number
    side.private |= {added["id"], number, added["national_register_number"]}
    if name == "A":
        participant(platform, participant_email, name, secrets)


async def _seed_messages(platform: Platform) -> None:
    cs = platform.people["customer_service"].headers

    async def every_message() -> list[dict]:
        found, params = [], {"limit": 200}
        while True:
            page = (
                await platform.call("notifications", "GET", "/messages", params=params, headers=cs)
            ).json()
            found += page["items"]
            if page["next_cursor"] is None:
                return found
            params = {"limit": 200, "cursor": page["next_cursor"]}

    async def messages_recorded() -> bool:
        recipients = {m["recipient_email"] for m in await every_message()}
        return all(platform.people[f"manager {n}"].email in recipients for n in platform.sides)

    await wait_until(messages_recorded, message="the companies' messages")
    found = await every_message()
    for name, side in platform.sides.items():
        mine = [
            m for m in found if m["recipient_email"] == platform.people[f"manager {name}"].email
        ]
        side.ids["message"] = mine[0]["id"]
        side.private |= {m["id"] for m in mine}
