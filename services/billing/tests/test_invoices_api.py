"""Issuing, listing and printing invoices through the REST API (SQLite, in-process bus)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from billing.domain.commands import IssueInvoice
from billing.domain.refusals import AmountExceedsRemaining
from billing.handlers.invoicing import invoice_in_transaction
from contracts.identity import Role

ISSUED = "billing.invoice.issued.v2"


async def test_r_c4_invoicing_the_whole_price_announces_it_fully_invoiced(billing):
    event = await billing.billable("1250.00")
    answer = await billing.invoice(event.booking_id)
    assert answer.status_code == 201, answer.text
    invoice = answer.json()
    assert (invoice["number"], invoice["total_amount"]) == ("2026-000001", "1250.00")
    [issued] = await billing.published(ISSUED)
    assert (issued["amount"], issued["invoiced_total"], issued["price"]) == (
        "1250.00",
        "1250.00",
        "1250.00",
    )
    assert (issued["number"], issued["reference_id"]) == ("2026-000001", str(event.booking_id))


async def test_r_c4_two_instalments_announce_partly_then_fully_invoiced(billing):
    event = await billing.billable("1250.00")
    first = await billing.invoice(event.booking_id, amount="625.00")
    second = await billing.invoice(event.booking_id)
    assert (first.json()["number"], second.json()["number"]) == ("2026-000001", "2026-000002")
    totals = [(e["amount"], e["invoiced_total"]) for e in await billing.published(ISSUED)]
    assert totals == [("625.00", "625.00"), ("625.00", "1250.00")]


async def test_r_c4_a_price_split_between_payers_bills_each_payer(billing):
    event = await billing.billable("1000.00")
    await billing.invoice(event.booking_id, amount="400.00")
    other = await billing.invoice(
        event.booking_id, payer_email="Funder@Fund.example", payer_name="Training Fund"
    )
    assert other.status_code == 201, other.text
    assert (other.json()["payer_email"], other.json()["payer_name"]) == (
        "funder@fund.example",
        "Training Fund",
    )
    assert other.json()["payer_company_id"] is None
    assert other.json()["total_amount"] == "600.00"


async def test_r_c4_an_amount_beyond_what_is_left_is_refused_with_both_amounts(billing):
    event = await billing.billable("450.00")
    await billing.invoice(event.booking_id, amount="300.00")
    answer = await billing.invoice(event.booking_id, amount="300.00")
    assert answer.status_code == 409
    assert answer.json()["detail"] == "amount 300.00 exceeds the 150.00 left to invoice"
    assert len(await billing.published(ISSUED)) == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "amount must be greater than 0, got 0"),
        ("-5.00", "amount must be greater than 0, got -5.00"),
        ("10.001", "amount 10.001 has more than 2 decimals"),
    ],
)
async def test_a_malformed_amount_is_refused_saying_why(billing, amount, message):
    event = await billing.billable("100.00")
    answer = await billing.invoice(event.booking_id, amount=amount)
    assert answer.status_code == 422
    assert answer.json()["detail"] == message


async def test_a_fully_invoiced_booking_has_nothing_left_to_invoice(billing):
    event = await billing.billable("100.00")
    await billing.invoice(event.booking_id)
    answer = await billing.invoice(event.booking_id)
    assert (answer.status_code, answer.json()["detail"]) == (409, "nothing is left to invoice")


async def test_an_unknown_reference_answers_404(billing):
    reference = uuid4()
    answer = await billing.invoice(reference)
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"nothing to invoice for public_booking {reference}"


async def test_an_invoice_stores_its_line_and_vat_inclusive_totals(billing):
    event = await billing.billable("1210.00")
    invoice = (await billing.invoice(event.booking_id, amount="605.00")).json()
    # Belgium's standard 21 % by default: the seller is Belgian
    assert (invoice["net_amount"], invoice["vat_amount"], invoice["vat_rate"]) == (
        "500.00",
        "105.00",
        "0.2100",
    )
    [line] = invoice["lines"]
    assert line["amount"] == "605.00"
    assert line["description"] == (
        "Formation PY-101 Python pour débutants, du 7 décembre 2026 au 8 décembre 2026, "
        "participant\u00a0: Tom Trainee (montant facturé\u00a0: 605,00\u00a0€ sur "
        "1\u00a0210,00\u00a0€)"
    )


async def test_the_vat_rate_is_configuration(start_billing):
    billing = await start_billing(vat_rate="0")
    event = await billing.billable("375.00")
    invoice = (await billing.invoice(event.booking_id)).json()
    assert (invoice["net_amount"], invoice["vat_amount"]) == ("375.00", "0.00")


async def test_numbers_restart_at_1_in_a_new_paris_year_even_while_utc_is_in_the_old(billing):
    event = await billing.billable("300.00")
    billing.clock.set(datetime(2026, 12, 31, 22, 59, tzinfo=UTC))  # 23:59 in Paris
    assert (await billing.invoice(event.booking_id, amount="100.00")).json()["number"] == (
        "2026-000001"
    )
    billing.clock.set(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))  # 00:30 on 1 January
    assert (await billing.invoice(event.booking_id, amount="100.00")).json()["number"] == (
        "2027-000001"
    )


async def test_a_rolled_back_issue_gives_its_number_back(billing):
    event = await billing.billable("300.00")
    async with billing.runtime.unit_of_work() as uow:
        invoice = await invoice_in_transaction(IssueInvoice(event.booking_id, amount=None), uow)
        assert invoice.number == "2026-000001"
        await uow.rollback()
    answer = await billing.invoice(event.booking_id)
    assert answer.json()["number"] == "2026-000001"


async def test_a_refused_issue_uses_no_number(billing):
    event = await billing.billable("100.00")
    async with billing.runtime.unit_of_work() as uow:
        with pytest.raises(AmountExceedsRemaining):
            await invoice_in_transaction(
                IssueInvoice(event.booking_id, amount=Decimal("200.00")), uow
            )
        await uow.commit()
    assert (await billing.invoice(event.booking_id)).json()["number"] == "2026-000001"


async def test_there_is_no_way_to_change_an_issued_invoice(billing):
    event = await billing.billable("100.00")
    invoice = (await billing.invoice(event.booking_id)).json()
    for method in ("PUT", "PATCH", "DELETE"):
        answer = await billing.client.request(
            method,
            f"/invoices/{invoice['id']}",
            json={"total_amount": "1.00"},
            headers=billing.staff,
        )
        assert answer.status_code == 405
    again = await billing.client.get(f"/invoices/{invoice['id']}", headers=billing.staff)
    assert again.json() == invoice


async def test_the_pdf_shows_the_number_payer_reference_and_totals(billing):
    event = await billing.billable("1200.00")
    invoice = (await billing.invoice(event.booking_id, payer_name="Corp SA")).json()
    answer = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=billing.staff)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    text = billing.pdf_text(answer.content)
    for said in (
        "Facture 2026-000001",
        "Date : 25 novembre 2026",
        "Échéance : 25 décembre 2026",  # 30 days, the default payment terms
        "Corp SA",
        f"Objet : Inscription {event.booking_id}",
        "Formation PY-101 Python pour débutants",  # the line
        "Total TVAC 1 200,00 €",
        "Communication structurée : +++202/6000/00192+++",
        "Formations SA",
    ):
        assert said in text, said
    assert text.count("Python pour débutants") == 1  # said by the line, not again as subject


# Access rules: 401 without a token, 403 for the wrong role or company.


async def test_every_endpoint_answers_401_without_a_token(billing):
    some = uuid4()
    for method, path in (
        ("POST", "/invoices"),
        ("GET", "/invoices"),
        ("GET", f"/invoices/{some}"),
        ("GET", f"/invoices/{some}/pdf"),
        ("GET", "/credit-notes"),
        ("GET", f"/credit-notes/{some}/pdf"),
        ("GET", f"/billables/{some}"),
    ):
        answer = await billing.client.request(method, path, json={"reference_id": str(some)})
        assert answer.status_code == 401, (method, path)


@pytest.mark.parametrize("role", [Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.PLANNER])
async def test_only_customer_service_and_admins_issue_invoices(billing, role):
    event = await billing.billable("100.00")
    answer = await billing.client.post(
        "/invoices",
        json={"reference_id": str(event.booking_id)},
        headers=billing.minter.headers(role, email=billing.MANAGER, company_id=billing.COMPANY),
    )
    assert answer.status_code == 403
    admin = billing.minter.headers(Role.ADMIN)
    answer = await billing.client.post(
        "/invoices", json={"reference_id": str(event.booking_id)}, headers=admin
    )
    assert answer.status_code == 201


async def test_customers_list_the_invoices_billed_to_their_email_or_company(billing):
    company_booking = await billing.billable("100.00")
    person_booking = await billing.billable("200.00", company_id=None, email="ann@example.be")
    await billing.invoice(company_booking.booking_id)
    await billing.invoice(person_booking.booking_id)

    async def numbers(headers) -> list[str]:
        answer = await billing.client.get("/invoices", headers=headers)
        assert answer.status_code == 200, answer.text
        return [i["number"] for i in answer.json()["items"]]

    colleague = billing.minter.headers(
        Role.ENROLLMENT_MANAGER, email="colleague@corp.example", company_id=billing.COMPANY
    )
    ann = billing.minter.headers(Role.INDIVIDUAL, email="ANN@example.be")
    stranger = billing.minter.headers(Role.INDIVIDUAL, email="eve@example.be")
    assert await numbers(colleague) == ["2026-000001"]
    assert await numbers(ann) == ["2026-000002"]
    assert await numbers(stranger) == []
    assert await numbers(billing.staff) == ["2026-000001", "2026-000002"]


async def test_staff_filter_invoices_by_reference(billing):
    first = await billing.billable("100.00")
    second = await billing.billable("100.00")
    await billing.invoice(first.booking_id)
    await billing.invoice(second.booking_id)
    answer = await billing.client.get(
        "/invoices", params={"reference_id": str(second.booking_id)}, headers=billing.staff
    )
    assert [i["reference_id"] for i in answer.json()["items"]] == [str(second.booking_id)]


async def test_another_customers_invoice_and_its_pdf_answer_403(billing):
    event = await billing.billable("100.00")
    invoice = (await billing.invoice(event.booking_id)).json()
    other = billing.minter.headers(
        Role.ENROLLMENT_MANAGER, email="bob@other.example", company_id=uuid4()
    )
    for path in (f"/invoices/{invoice['id']}", f"/invoices/{invoice['id']}/pdf"):
        answer = await billing.client.get(path, headers=other)
        assert answer.status_code == 403
        assert answer.json()["detail"] == "this invoice is billed to someone else"


async def test_trainers_see_no_invoices_at_all(billing):
    """None of theirs: an empty page, not a refusal (issue 13); one document stays 403."""
    event = await billing.billable("100.00", company_id=None, email="tom@example.be")
    invoice = (await billing.invoice(event.booking_id)).json()
    trainer = billing.minter.headers(Role.TRAINER, email="tom@example.be")
    for path in ("/invoices", "/credit-notes"):
        answer = await billing.client.get(path, headers=trainer)
        assert answer.status_code == 200
        assert answer.json()["items"] == []
    answer = await billing.client.get(f"/invoices/{invoice['id']}", headers=trainer)
    assert answer.status_code == 403


async def test_each_refusal_carries_a_code_a_client_can_branch_on(billing):
    event = await billing.billable("100.00")
    invoice = (await billing.invoice(event.booking_id, amount="50.00")).json()
    stranger = billing.minter.headers(Role.INDIVIDUAL, email="eve@example.be")
    answers = {
        "amount_refused": await billing.invoice(event.booking_id, amount="0"),
        "amount_exceeds_remaining": await billing.invoice(event.booking_id, amount="60.00"),
        "unknown_billable": await billing.invoice(uuid4()),
        "invoiced_when_charged": await billing.invoice(uuid4(), kind="incompany_fee"),
        "unknown_invoice": await billing.client.get(f"/invoices/{uuid4()}", headers=billing.staff),
        "unknown_credit_note": await billing.client.get(
            f"/credit-notes/{uuid4()}/pdf", headers=billing.staff
        ),
        "billed_to_someone_else": await billing.client.get(
            f"/invoices/{invoice['id']}", headers=stranger
        ),
    }
    await billing.deliver(billing.cancelled(event.booking_id))
    answers["billable_cancelled"] = await billing.invoice(event.booking_id)
    statuses = {
        "amount_refused": 422,
        "amount_exceeds_remaining": 409,
        "unknown_billable": 404,
        "invoiced_when_charged": 404,
        "unknown_invoice": 404,
        "unknown_credit_note": 404,
        "billed_to_someone_else": 403,
        "billable_cancelled": 409,
    }
    assert {code: (a.status_code, a.json()["code"]) for code, a in answers.items()} == {
        code: (status, code) for code, status in statuses.items()
    }
