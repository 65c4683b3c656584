"""Billing's refusals read in the reader's language, with their values (issue 13)."""

from __future__ import annotations

from uuid import uuid4


async def test_an_unknown_invoice_is_named_in_the_language_asked(billing):
    invoice_id = uuid4()
    for language, detail in (
        ("fr", f"aucune facture {invoice_id}"),
        ("nl", f"geen factuur {invoice_id}"),
        ("en", f"no invoice {invoice_id}"),
    ):
        answer = await billing.client.get(
            f"/invoices/{invoice_id}", headers={**billing.staff, "Accept-Language": language}
        )
        assert (answer.status_code, answer.json()["code"]) == (404, "unknown_invoice")
        assert answer.json()["detail"] == detail
