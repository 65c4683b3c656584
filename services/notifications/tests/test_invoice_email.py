"""The invoice email: the PDF billing printed attached (multipart/mixed, application/pdf),
the due date and structured communication, and a link to the invoice's portal page
(docs/LINKS.md, `/invoices/{invoice_id}`)."""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from contracts.billing import InvoiceIssuedV2
from notifications.entrypoints.scans import delivery_pass

PORTAL = "https://portal.example"
PDF = b"%PDF-1.4\n% an invoice as billing printed it\n%%EOF\n"


def issued(kind="public_booking", language="fr") -> InvoiceIssuedV2:
    return InvoiceIssuedV2(
        invoice_id=uuid4(),
        number="2026-000042",
        kind=kind,
        reference_id=uuid4(),
        amount=Decimal("625.00"),
        invoiced_total=Decimal("625.00"),
        price=Decimal("1250.00"),
        payer_name="Corp SA",
        payer_email="billing@corp.example",
        language=language,
        due_on=date(2026, 12, 25),
        payment_reference="+++202/6000/04236+++",
        pdf_base64=base64.b64encode(PDF).decode("ascii"),
    )


FR_DUE = "À payer au plus tard le vendredi 25 décembre 2026"
NL_DUE = "uiterlijk op vrijdag 25 december 2026"
EN_DUE = "Please pay by Friday, 25 December 2026"


@pytest.mark.parametrize(
    ("kind", "language", "attached", "pay"),
    [
        ("public_booking", "fr", "La facture est jointe", FR_DUE),
        ("public_booking", "nl", "De factuur zit als bijlage", NL_DUE),
        ("public_booking", "en", "The invoice is attached", EN_DUE),
        ("incompany_fee", "fr", "La facture est jointe", FR_DUE),
        ("incompany_fee", "nl", "De factuur zit als bijlage", NL_DUE),
    ],
)
async def test_the_invoice_email_attaches_the_pdf_and_links_to_the_invoice_page(
    notifications, deliver_event, kind, language, attached, pay
):
    event = issued(kind, language)
    await deliver_event(notifications, event)
    assert (await delivery_pass(notifications.runtime)).sent == 1

    [mail] = notifications.smtp.to("billing@corp.example")
    assert mail.get_content_type() == "multipart/mixed"
    body = mail.get_body(("plain",)).get_content()
    assert f"{PORTAL}/invoices/{event.invoice_id}" in body
    assert attached in body
    assert pay in " ".join(body.split())
    assert "+++202/6000/04236+++" in body
    [pdf] = [a for a in mail.iter_attachments() if a.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "2026-000042.pdf"
    assert pdf.get_content() == PDF


async def test_an_invoice_announced_by_v1_still_links_to_its_page_without_an_attachment(
    notifications, events, deliver_event
):
    event = events.invoice(language="en")  # published before billing attached the PDF
    await deliver_event(notifications, event)
    await delivery_pass(notifications.runtime)
    [mail] = notifications.smtp.to("billing@corp.example")
    body = mail.get_body(("plain",)).get_content()
    assert f"{PORTAL}/invoices/{event.invoice_id}" in body
    assert "download it from your customer space" not in body
    assert list(mail.iter_attachments()) == []
