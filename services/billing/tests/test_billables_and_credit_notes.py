"""Billing's consumers: a validated booking becomes billable, a cancelled one is credited.

Every event is handled idempotently: a redelivered event (same id, stopped by the
chassis inbox) or a re-published copy (new id, stopped by unique constraints)
never creates a second billable or credit note.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from billing.adapters.tables import Billable, CreditNote
from contracts.identity import Role


async def count(billing, model) -> int:
    async with billing.runtime.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def test_r_c4_a_company_booking_is_billable_to_the_company_at_the_managers_address(billing):
    event = await billing.billable("1250.00")
    answer = await billing.client.get(f"/billables/{event.booking_id}", headers=billing.staff)
    assert answer.status_code == 200, answer.text
    assert answer.json()["created_at"].endswith("Z")
    assert answer.json() | {"cancelled_at": None, "created_at": None} == {
        "kind": "public_booking",
        "reference_id": str(event.booking_id),
        "price": "1250.00",
        "invoiced_total": "0.00",
        "left_to_invoice": "1250.00",
        "payer_name": billing.MANAGER,
        "payer_email": billing.MANAGER,
        "payer_company_id": str(billing.COMPANY),
        "created_at": None,
        "cancelled_at": None,
    }


async def test_an_individual_booking_is_billable_to_the_person(billing):
    event = await billing.billable(company_id=None, email="Ann@Example.be")
    answer = await billing.client.get(f"/billables/{event.booking_id}", headers=billing.staff)
    assert (answer.json()["payer_email"], answer.json()["payer_company_id"]) == (
        "ann@example.be",
        None,
    )
    assert answer.json()["payer_name"] == "Tom Trainee"


async def test_a_redelivered_validation_records_one_billable(billing):
    event = billing.validated()
    envelope = await billing.deliver(event)
    await billing.deliver(event, envelope)  # same event id: the inbox skips it
    await billing.deliver(event)  # re-published with a new id: already recorded
    assert await count(billing, Billable) == 1


async def test_r_c5_cancelling_an_invoiced_booking_credits_each_invoice(billing):
    event = await billing.billable("1000.00")
    await billing.invoice(event.booking_id, amount="600.00")
    await billing.invoice(event.booking_id, payer_email="other@payer.example")
    await billing.deliver(billing.cancelled(event.booking_id))
    notes = await billing.published("billing.credit-note.issued.v1")
    assert [(n["number"], n["amount"], n["invoiced_total"], n["payer_email"]) for n in notes] == [
        ("AV-2026-000001", "600.00", "400.00", billing.MANAGER),
        ("AV-2026-000002", "400.00", "0.00", "other@payer.example"),
    ]


async def test_r_c5_a_redelivered_cancellation_never_issues_a_second_credit_note(billing):
    event = await billing.billable("1000.00")
    await billing.invoice(event.booking_id)
    cancellation = billing.cancelled(event.booking_id)
    envelope = await billing.deliver(cancellation)
    await billing.deliver(cancellation, envelope)
    await billing.deliver(cancellation)  # a copy with a new event id
    assert await count(billing, CreditNote) == 1
    assert len(await billing.published("billing.credit-note.issued.v1")) == 1


async def test_r_c5_cancelling_a_booking_with_nothing_invoiced_issues_no_credit_note(billing):
    event = await billing.billable("1000.00")
    await billing.deliver(billing.cancelled(event.booking_id))
    assert await count(billing, CreditNote) == 0
    answer = await billing.client.get(f"/billables/{event.booking_id}", headers=billing.staff)
    assert answer.json()["cancelled_at"] is not None
    assert answer.json()["left_to_invoice"] == "0.00"


async def test_a_cancelled_booking_can_no_longer_be_invoiced(billing):
    event = await billing.billable("1000.00")
    await billing.deliver(billing.cancelled(event.booking_id))
    answer = await billing.invoice(event.booking_id)
    assert answer.status_code == 409
    assert answer.json()["detail"] == f"public_booking {event.booking_id} was cancelled"


async def test_a_cancellation_that_overtakes_its_validation_still_closes_the_billable(billing):
    # Validation and cancellation reach billing through two queues: the cancellation
    # may come first (the fault suite saw it after a broker restart).
    event = billing.validated("1000.00")
    await billing.deliver(billing.cancelled(event.booking_id))
    await billing.deliver(event)
    answer = await billing.client.get(f"/billables/{event.booking_id}", headers=billing.staff)
    assert answer.json()["cancelled_at"] is not None
    assert answer.json()["left_to_invoice"] == "0.00"
    refused = await billing.invoice(event.booking_id)
    assert refused.status_code == 409
    assert await count(billing, CreditNote) == 0


async def test_a_credit_note_lists_for_its_payer_and_prints_as_pdf(billing):
    event = await billing.billable("1000.00")
    await billing.invoice(event.booking_id)
    await billing.deliver(billing.cancelled(event.booking_id))
    manager = billing.minter.headers(Role.ENROLLMENT_MANAGER, email=billing.MANAGER)
    [note] = (await billing.client.get("/credit-notes", headers=manager)).json()["items"]
    assert (note["number"], note["total_amount"]) == ("AV-2026-000001", "1000.00")
    pdf = await billing.client.get(f"/credit-notes/{note['id']}/pdf", headers=manager)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = billing.pdf_text(pdf.content)
    assert "Note de crédit AV-2026-000001" in text
    assert "Annule la facture 2026-000001 du 25 novembre 2026" in text
    assert "Motif : Annulation à la demande du client" in text
    assert "Total crédité TVAC 1 000,00 €" in text


async def test_credited_amounts_are_exact_decimals(billing):
    event = await billing.billable("0.30")
    await billing.invoice(event.booking_id, amount="0.10")
    await billing.invoice(event.booking_id, amount="0.20")
    await billing.deliver(billing.cancelled(event.booking_id))
    notes = await billing.published("billing.credit-note.issued.v1")
    assert [Decimal(n["invoiced_total"]) for n in notes] == [Decimal("0.20"), Decimal("0.00")]
