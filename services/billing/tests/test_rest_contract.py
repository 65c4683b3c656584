"""Issue 13, for billing's clients: an address staff bill is read only once verified, lists
in pages with a period filter, Location on 201, instants in UTC."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from contracts.identity import Role

FUNDER = "funder@fund.example"


async def items(billing, path: str, headers: dict, **params) -> list[dict]:
    answer = await billing.client.get(path, headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_an_unverified_sign_up_reads_nothing_billed_to_other_payer_email(billing):
    """Finding 1: registering the address staff bill as "other payer" shows nothing of
    those invoices or credit notes until the address is proven."""
    event = await billing.billable("1000.00")
    await billing.invoice(event.booking_id, amount="400.00")
    funded = await billing.invoice(event.booking_id, payer_email=FUNDER, payer_name="Fund")
    assert funded.status_code == 201, funded.text
    invoice = funded.json()
    await billing.deliver(billing.cancelled(event.booking_id))  # credits each invoice
    me = uuid4()
    unverified = billing.minter.headers(
        Role.INDIVIDUAL, email=FUNDER, user_id=me, email_verified=False
    )
    assert await items(billing, "/invoices", unverified) == []
    assert await items(billing, "/credit-notes", unverified) == []
    for path in (f"/invoices/{invoice['id']}", f"/invoices/{invoice['id']}/pdf"):
        answer = await billing.client.get(path, headers=unverified)
        assert answer.status_code == 403
        assert answer.json()["code"] == "billed_to_someone_else"

    verified = billing.minter.headers(Role.INDIVIDUAL, email=FUNDER, user_id=me)
    assert [i["id"] for i in await items(billing, "/invoices", verified)] == [invoice["id"]]
    [note] = await items(billing, "/credit-notes", verified)
    assert note["invoice_id"] == invoice["id"]
    assert (
        await billing.client.get(f"/invoices/{invoice['id']}", headers=verified)
    ).status_code == 200
    pdf = await billing.client.get(f"/credit-notes/{note['id']}/pdf", headers=verified)
    assert pdf.status_code == 200


async def test_an_invoice_answers_201_with_its_location_and_its_instant_in_utc(billing):
    event = await billing.billable("1000.00")
    answer = await billing.invoice(event.booking_id)
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"/invoices/{answer.json()['id']}"
    assert answer.json()["issued_at"] == "2026-11-25T09:00:00Z"
    read = await billing.client.get(answer.headers["Location"], headers=billing.staff)
    assert read.json() == answer.json()


async def test_invoices_page_by_issue_and_filter_by_period(billing):
    issued = []
    for _ in range(3):
        event = await billing.billable("100.00")
        issued.append((await billing.invoice(event.booking_id)).json())
        billing.clock.advance(timedelta(days=10))
    first = await billing.client.get("/invoices", headers=billing.staff, params={"limit": 2})
    page = first.json()
    assert [i["number"] for i in page["items"]] == ["2026-000001", "2026-000002"]
    assert first.headers["Link"] == f'<{page["next"]}>; rel="next"'
    rest = (await billing.client.get(page["next"], headers=billing.staff)).json()
    assert [i["number"] for i in rest["items"]] == ["2026-000003"]
    assert rest["next"] is None

    second_issued = issued[1]["issued_at"]
    in_period = await items(
        billing,
        "/invoices",
        billing.staff,
        issued_from=second_issued,
        issued_until=issued[2]["issued_at"],
    )
    assert [i["number"] for i in in_period] == ["2026-000002"]
    # a customer's period is within their own invoices
    manager = billing.minter.headers(
        Role.ENROLLMENT_MANAGER, email=billing.MANAGER, company_id=billing.COMPANY
    )
    mine = await items(billing, "/invoices", manager, issued_from=second_issued)
    assert [i["number"] for i in mine] == ["2026-000002", "2026-000003"]
    naive = await billing.client.get(
        "/invoices", headers=billing.staff, params={"issued_from": "2026-11-01T00:00:00"}
    )
    assert naive.status_code == 422
    too_many = await billing.client.get("/invoices", headers=billing.staff, params={"limit": 201})
    assert too_many.status_code == 422


async def test_credit_notes_page_and_filter_by_period(billing):
    for _ in range(2):
        event = await billing.billable("100.00")
        await billing.invoice(event.booking_id)
        await billing.deliver(billing.cancelled(event.booking_id))
        billing.clock.advance(timedelta(days=3))
    page = (
        await billing.client.get("/credit-notes", headers=billing.staff, params={"limit": 1})
    ).json()
    assert [n["number"] for n in page["items"]] == ["AV-2026-000001"]
    following = (await billing.client.get(page["next"], headers=billing.staff)).json()
    assert [n["number"] for n in following["items"]] == ["AV-2026-000002"]
    later = (billing.clock.now() - timedelta(days=4)).isoformat()
    assert [
        n["number"] for n in await items(billing, "/credit-notes", billing.staff, issued_from=later)
    ] == ["AV-2026-000002"]


async def test_staff_list_billables_with_what_is_left_filtered_by_kind_and_cancellation(billing):
    open_one = await billing.billable("1000.00")
    await billing.invoice(open_one.booking_id, amount="300.00")
    billing.clock.advance(timedelta(hours=1))
    closed = await billing.billable("500.00")
    await billing.deliver(billing.cancelled(closed.booking_id))

    listed = await items(billing, "/billables", billing.staff)
    assert [(b["reference_id"], b["invoiced_total"], b["left_to_invoice"]) for b in listed] == [
        (str(open_one.booking_id), "300.00", "700.00"),
        (str(closed.booking_id), "0.00", "0.00"),
    ]
    assert all(b["created_at"].endswith("Z") for b in listed)
    still_open = await items(billing, "/billables", billing.staff, cancelled="false")
    assert [b["reference_id"] for b in still_open] == [str(open_one.booking_id)]
    assert [
        b["reference_id"]
        for b in await items(billing, "/billables", billing.staff, cancelled="true")
    ] == [str(closed.booking_id)]
    assert await items(billing, "/billables", billing.staff, kind="incompany_fee") == []
    page = (
        await billing.client.get("/billables", headers=billing.staff, params={"limit": 1})
    ).json()
    assert len(page["items"]) == 1
    assert page["next"]
    customer = billing.minter.headers(Role.INDIVIDUAL, email=billing.MANAGER)
    assert (await billing.client.get("/billables", headers=customer)).status_code == 403


@pytest.mark.postgres
async def test_invoices_and_billables_page_on_postgresql(start_billing, fresh_database):
    billing = await start_billing(database_url=await fresh_database())
    for _ in range(3):
        event = await billing.billable("100.00")
        await billing.invoice(event.booking_id)
    for path, key in (("/invoices", "number"), ("/billables", "reference_id")):
        seen, url = [], f"{path}?limit=2"
        while url:
            page = (await billing.client.get(url, headers=billing.staff)).json()
            seen += [item[key] for item in page["items"]]
            url = page["next"]
        assert len(seen) == len(set(seen)) == 3
