"""In-company fees charged on incompany's facts (R-I13..R-I16): each an invoice of kind
"incompany_fee" with a gapless number and a PDF, billed to the company at its HR
contact's address, issued exactly once per fact whatever the delivery does."""

from __future__ import annotations

import asyncio
import base64
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from billing.adapters.tables import Billable, Invoice
from contracts import Envelope
from contracts.identity import Role

ISSUED = "billing.invoice.issued.v2"


async def invoices(billing) -> list[dict]:
    return await billing.published(ISSUED)


async def count(billing, model) -> int:
    async with billing.runtime.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def test_r_i13_cancelling_15_days_before_is_free(billing):
    group = billing.group()
    await billing.deliver(billing.group_cancelled(group, group.starts_at - timedelta(days=15)))
    assert await invoices(billing) == []
    assert await count(billing, Billable) == 0


async def test_r_i14_cancelling_14_days_before_costs_375(billing):
    group = billing.group()
    await billing.deliver(billing.group_cancelled(group, group.starts_at - timedelta(days=14)))
    [invoice] = await invoices(billing)
    assert base64.b64decode(invoice["pdf_base64"]).startswith(b"%PDF")
    assert {k: v for k, v in invoice.items() if k not in ("invoice_id", "pdf_base64")} == {
        "number": "2026-000001",
        "kind": "incompany_fee",
        "reference_id": str(group.group_id),
        "amount": "375.00",
        "invoiced_total": "375.00",
        "price": "375.00",
        "payer_name": "Brasserie Dupont SA",
        "payer_email": "hr@dupont.example",
        "language": "nl",
        "due_on": "2026-12-25",
        "payment_reference": "+++202/6000/00192+++",
    }


async def test_r_i14_the_fee_invoice_says_why_and_prints_as_pdf_for_the_company(billing):
    group = billing.group()
    await billing.deliver(billing.group_cancelled(group, group.starts_at - timedelta(days=14)))
    hr = billing.minter.headers(
        Role.HR, email="someone.else@dupont.example", company_id=billing.IC_COMPANY.company_id
    )
    [invoice] = (await billing.client.get("/invoices", headers=hr)).json()["items"]
    assert (invoice["kind"], invoice["total_amount"], invoice["net_amount"]) == (
        "incompany_fee",
        "375.00",
        "309.92",  # 375.00 / 1.21, Belgium's 21 %
    )
    assert invoice["payer_company_id"] == str(billing.IC_COMPANY.company_id)
    [line] = invoice["lines"]
    assert line["description"] == (
        "Kosten voor laattijdige annulering (14 dag(en) voor de start) - "
        "opleiding in de onderneming IC2027-0003-01 - Excel avancé van 05-04-2027"
    )
    pdf = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=hr)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = billing.pdf_text(pdf.content)
    for said in (
        "Factuur 2026-000001",
        "Brasserie Dupont SA",
        "Betreft: Opleiding in de onderneming, groep IC2027-0003-01",
        "Totaal incl. btw € 375,00",
        "Gestructureerde mededeling: +++202/6000/00192+++",
    ):
        assert said in text, said


async def test_r_i15_no_list_at_3_days_costs_375_and_a_later_cancellation_adds_nothing(billing):
    group = billing.group()
    await billing.deliver(billing.list_missing(group))
    await billing.deliver(
        billing.group_cancelled(
            group, group.starts_at - timedelta(days=2), participant_list_missing=True
        )
    )
    # Even a cancellation that did not say so (a late one: 375.00 on its own) adds nothing.
    await billing.deliver(billing.group_cancelled(group, group.starts_at - timedelta(days=1)))
    [invoice] = await invoices(billing)
    assert (invoice["amount"], invoice["reference_id"]) == ("375.00", str(group.group_id))
    async with billing.runtime.db.session() as session:
        [line] = (await session.scalar(select(Invoice))).lines
    assert line.description.startswith("Kosten voor ontbrekende deelnemerslijst")


async def test_r_i15_a_late_cancellation_first_then_the_missing_list_is_one_375_fee(billing):
    group = billing.group()
    await billing.deliver(billing.group_cancelled(group, group.starts_at - timedelta(days=10)))
    await billing.deliver(billing.list_missing(group))
    assert [i["amount"] for i in await invoices(billing)] == ["375.00"]


async def test_r_i16_four_attendees_give_one_300_invoice_even_delivered_twice_or_republished(
    billing,
):
    group = billing.group()
    completed = billing.group_completed(group, attended=4)
    envelope = await billing.deliver(completed)
    await billing.deliver(completed, envelope)  # the same event again: the inbox skips it
    await billing.deliver(completed)  # re-published with a new event id: the fee key holds
    [invoice] = await invoices(billing)
    assert (invoice["kind"], invoice["amount"], invoice["number"]) == (
        "incompany_fee",
        "300.00",
        "2026-000001",
    )
    assert await count(billing, Invoice) == 1


async def test_r_i16_six_attendees_cost_nothing(billing):
    await billing.deliver(billing.group_completed(billing.group(), attended=6))
    assert await invoices(billing) == []


async def test_a_group_may_owe_the_flat_fee_and_a_shortfall_numbered_with_bookings(billing):
    booking = await billing.billable("100.00")
    await billing.invoice(booking.booking_id)
    group = billing.group()
    await billing.deliver(billing.list_missing(group))
    await billing.deliver(billing.group_completed(group, attended=0, registered=0))
    await billing.invoice(booking.booking_id)  # nothing left: refused, uses no number
    issued = await invoices(billing)
    assert [(i["number"], i["kind"], i["amount"]) for i in issued] == [
        ("2026-000001", "public_booking", "100.00"),
        ("2026-000002", "incompany_fee", "375.00"),
        ("2026-000003", "incompany_fee", "900.00"),
    ]


async def test_fees_follow_their_settings(start_billing):
    billing = await start_billing(
        late_cancellation_fee="400.00", late_cancellation_days=20, vat_rate="0.21"
    )
    group = billing.group()
    await billing.deliver(billing.group_cancelled(group, group.starts_at - timedelta(days=19)))
    [invoice] = await invoices(billing)
    assert invoice["amount"] == "400.00"
    async with billing.runtime.db.session() as session:
        stored = await session.scalar(select(Invoice))
    assert (str(stored.vat_amount), str(stored.net_amount)) == ("69.42", "330.58")


async def test_a_fee_is_not_invoiced_again_through_the_api(billing):
    group = billing.group()
    await billing.deliver(billing.list_missing(group))
    answer = await billing.invoice(group.group_id, kind="incompany_fee")
    assert answer.status_code == 404
    assert "invoiced in full when they are charged" in answer.json()["detail"]


@pytest.mark.postgres
async def test_r_i15_a_cancellation_and_a_missing_list_racing_charge_one_fee(
    start_billing, fresh_database
):
    billing = await start_billing(database_url=await fresh_database())
    group = billing.group()
    facts = [
        billing.list_missing(group),
        billing.group_cancelled(group, group.starts_at - timedelta(days=1)),
    ]
    envelopes = [
        Envelope.wrap(f, producer="incompany", occurred_at=billing.clock.now(), correlation_id="r")
        for f in facts
    ]
    outcomes = await asyncio.gather(
        *(billing.deliver(f, e) for f, e in zip(facts, envelopes, strict=True)),
        return_exceptions=True,
    )
    for fact, envelope, outcome in zip(facts, envelopes, outcomes, strict=True):
        if isinstance(outcome, Exception):  # lost the race on the key: its retry is a no-op
            await billing.deliver(fact, envelope)
    assert [i["amount"] for i in await invoices(billing)] == ["375.00"]
    assert await count(billing, Billable) == 1
