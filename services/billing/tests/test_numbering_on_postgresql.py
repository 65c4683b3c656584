"""On PostgreSQL, concurrent issues get consecutive numbers: no gap, no duplicate."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from billing.domain.commands import IssueInvoice
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
