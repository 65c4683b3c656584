"""On PostgreSQL, concurrent issues get consecutive numbers: no gap, no duplicate; and an
invoice's PDF, rendered once its number is committed, holds up no other invoice."""

from __future__ import annotations

import asyncio
import base64
import threading
from decimal import Decimal

import pytest

from billing.domain.commands import IssueInvoice
from billing.handlers import invoicing
from billing.handlers.invoicing import invoice_in_transaction


def sequences(numbers: list[str]) -> list[int]:
    assert all(n.startswith("2026-") for n in numbers), numbers
    return sorted(int(n.removeprefix("2026-")) for n in numbers)


@pytest.mark.postgres
async def test_50_concurrent_invoice_issues_get_50_consecutive_numbers(
    start_billing, fresh_database
):
    billing = await start_billing(database_url=await fresh_database())
    bookings = [await billing.billable("100.00") for _ in range(50)]
    answers = await asyncio.gather(*(billing.invoice(b.booking_id) for b in bookings))
    assert [a.status_code for a in answers] == [201] * 50
    assert sequences([a.json()["number"] for a in answers]) == list(range(1, 51))
    issued = await billing.published("billing.invoice.issued.v2")
    assert sequences([e["number"] for e in issued]) == list(range(1, 51))


@pytest.mark.postgres
async def test_rolled_back_issues_leave_no_gap_among_concurrent_ones(start_billing, fresh_database):
    billing = await start_billing(database_url=await fresh_database())
    bookings = [await billing.billable("100.00") for _ in range(30)]

    async def issue(index: int) -> str | None:
        async with billing.runtime.unit_of_work() as uow:
            invoice = await invoice_in_transaction(IssueInvoice(bookings[index].booking_id), uow)
            if index % 3 == 0:
                await uow.rollback()  # e.g. a failure after numbering: the number is released
                return None
            await uow.commit()
            return invoice.number

    numbers = [n for n in await asyncio.gather(*(issue(i) for i in range(30))) if n]
    assert sequences(numbers) == list(range(1, 21))


@pytest.mark.postgres
async def test_r_c4_concurrent_instalments_never_invoice_more_than_the_price(
    start_billing, fresh_database
):
    billing = await start_billing(database_url=await fresh_database())
    booking = await billing.billable("100.00")
    answers = await asyncio.gather(
        *(billing.invoice(booking.booking_id, amount="10.00") for _ in range(15))
    )
    assert sorted(a.status_code for a in answers) == [201] * 10 + [409] * 5
    issued = await billing.published("billing.invoice.issued.v2")
    assert max(Decimal(e["invoiced_total"]) for e in issued) == Decimal("100.00")
    assert sequences([e["number"] for e in issued]) == list(range(1, 11))


@pytest.mark.postgres
async def test_a_slow_pdf_holds_up_no_other_invoice_and_the_numbers_stay_consecutive(
    start_billing, fresh_database, monkeypatch
):
    """The first invoice's PDF takes as long as the test says; meanwhile a second invoice
    is numbered, stored and answered: the number counter is not locked while rendering."""
    billing = await start_billing(database_url=await fresh_database())
    first, second = [await billing.billable("100.00") for _ in range(2)]
    rendering, finish = threading.Event(), threading.Event()
    render = invoicing.render

    def slow_for_the_first(document, seller):
        if document.number == "2026-000001":
            rendering.set()
            finish.wait(timeout=30)
        return render(document, seller)

    monkeypatch.setattr(invoicing, "render", slow_for_the_first)
    slow = asyncio.create_task(billing.invoice(first.booking_id))
    assert await asyncio.to_thread(rendering.wait, 10), "the first PDF never started"
    try:
        other = await asyncio.wait_for(billing.invoice(second.booking_id), timeout=10)
    finally:
        finish.set()
    assert (other.status_code, other.json()["number"]) == (201, "2026-000002")
    answered = await slow
    assert (answered.status_code, answered.json()["number"]) == (201, "2026-000001")
    issued = await billing.published("billing.invoice.issued.v2")
    assert sorted(e["number"] for e in issued) == ["2026-000001", "2026-000002"]


@pytest.mark.postgres
async def test_an_invoice_whose_pdf_failed_is_issued_and_announced_once_later(
    start_billing, fresh_database, monkeypatch
):
    billing = await start_billing(database_url=await fresh_database(), announce_retry_seconds=3600)
    booking, other = await billing.billable("100.00"), await billing.billable("100.00")
    render = invoicing.render

    def broken(document, seller):
        raise RuntimeError("the PDF could not be rendered")

    monkeypatch.setattr(invoicing, "render", broken)
    answer = await billing.invoice(booking.booking_id, amount="40.00")
    assert (answer.status_code, answer.json()["number"]) == (201, "2026-000001")
    assert await billing.published("billing.invoice.issued.v2") == []

    def broken_for_the_first(document, seller):
        if document.number == "2026-000001":
            raise RuntimeError("still not")
        return render(document, seller)

    monkeypatch.setattr(invoicing, "render", broken_for_the_first)
    assert (await billing.invoice(other.booking_id)).json()["number"] == "2026-000002"
    # a round of the background loop while the first still fails: it holds up nothing
    assert await invoicing.announce_pending(billing.runtime.unit_of_work) == 0
    monkeypatch.setattr(invoicing, "render", render)
    # the background loop's round, twice: the invoice is announced once
    announced = [await invoicing.announce_pending(billing.runtime.unit_of_work) for _ in "12"]
    assert announced == [1, 0]
    [_, event] = await billing.published("billing.invoice.issued.v2")
    assert (event["number"], event["amount"], event["invoiced_total"]) == (
        "2026-000001",
        "40.00",
        "40.00",
    )
    assert base64.b64decode(event["pdf_base64"]).startswith(b"%PDF")
    second = await billing.invoice(booking.booking_id, amount="60.00")
    assert second.json()["number"] == "2026-000003"
    events = await billing.published("billing.invoice.issued.v2")
    assert [(e["number"], e["invoiced_total"]) for e in events] == [
        ("2026-000002", "100.00"),
        ("2026-000001", "40.00"),
        ("2026-000003", "100.00"),
    ]
