"""Issue 13, finding 1, across the platform: what is matched on a login email shows only
once accounts' token says the address is verified.

Someone registers `paula@phone.example` before customer service books Paula by phone
(R-A2) and staff invoice the booking to that address. With the token accounts gives at
registration (`email_verified` false) enrollment shows no booking and billing no
invoice; after the emailed link confirms the address, a new token shows both. The
platform runs its five services on PostgreSQL, tokens signed by accounts itself.
"""

from __future__ import annotations

import pytest

from testkit.services import wait_until

pytestmark = [pytest.mark.postgres]

PAULA = "paula@phone.example"
PASSWORD = "Tr0ub4dor&3-verified-email"


async def token_of(platform, secrets) -> dict[str, str]:
    body = await platform.expect(
        200, "accounts", "POST", "/token", json={"email": PAULA, "password": PASSWORD}
    )
    secrets.add_token(body["access_token"])
    return {"Authorization": f"Bearer {body['access_token']}"}


async def items(platform, service: str, path: str, headers: dict[str, str]) -> list[dict]:
    answer = await platform.call(service, "GET", path, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_a_sign_up_sees_the_phone_booking_and_its_invoice_only_once_verified(
    platform, secrets
):
    secrets.add("password", PASSWORD)
    registered = await platform.expect(
        201,
        "accounts",
        "POST",
        "/register",
        json={"email": PAULA, "password": PASSWORD, "full_name": "Paula"},
    )
    assert registered["email_verified"] is False
    unverified = await token_of(platform, secrets)

    cs = platform.people["customer_service"].headers
    planner = platform.people["planner"].headers
    course = await platform.expect(
        201,
        "enrollment",
        "POST",
        "/courses",
        json={"code": "VER-101", "title": "Verified", "list_price": "600.00"},
        headers=planner,
    )
    session = await platform.expect(
        201,
        "enrollment",
        "POST",
        "/sessions",
        json={
            "course_id": course["id"],
            "starts_at": "2031-03-03T08:00:00Z",
            "ends_at": "2031-03-03T15:00:00Z",
            "location": "Paris",
            "seats": 5,
        },
        headers=planner,
    )
    [booking] = await platform.expect(
        201,
        "enrollment",
        "POST",
        "/bookings",
        json={
            "session_id": session["id"],
            "trainees": [{"full_name": "Paula", "email": PAULA}],
            "placed_for": {"full_name": "Paula", "email": PAULA},
        },
        headers=cs,
    )
    await platform.expect(
        200, "enrollment", "POST", f"/bookings/{booking['id']}/validate", headers=cs
    )

    async def billable() -> bool:
        found = await platform.call("billing", "GET", f"/billables/{booking['id']}", headers=cs)
        return found.status_code == 200

    await wait_until(billable, message="the booking's billable")
    invoice = await platform.expect(
        201, "billing", "POST", "/invoices", json={"reference_id": booking["id"]}, headers=cs
    )
    assert invoice["payer_email"] == PAULA

    assert await items(platform, "enrollment", "/bookings", unverified) == []
    assert await items(platform, "billing", "/invoices", unverified) == []
    refused = await platform.call(
        "enrollment", "GET", f"/bookings/{booking['id']}", headers=unverified
    )
    assert refused.status_code == 403
    refused = await platform.call(
        "billing", "GET", f"/invoices/{invoice['id']}", headers=unverified
    )
    assert refused.status_code == 403

    [welcome] = [
        e
        for e in await platform.events("accounts", "accounts.user.registered.v2")
        if e["email"] == PAULA
    ]
    link = welcome["verification"]
    token = platform.link_sealer.unseal(
        link["sealed_token"], purpose=link["purpose"], subject=welcome["user_id"]
    )
    secrets.add("link token", token)
    confirmed = await platform.expect(
        200, "accounts", "POST", "/verify-email", json={"token": token}
    )
    assert confirmed["email_verified"] is True

    verified = await token_of(platform, secrets)
    assert [b["id"] for b in await items(platform, "enrollment", "/bookings", verified)] == [
        booking["id"]
    ]
    assert [i["id"] for i in await items(platform, "billing", "/invoices", verified)] == [
        invoice["id"]
    ]
