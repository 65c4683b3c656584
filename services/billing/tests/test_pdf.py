"""The printed invoice and credit note, read back as text by a PDF reader (pypdf), in fr,
nl and en: every word in the payer's language, amounts and dates in its format, the
seller's and the buyer's identity, what is billed, the due date and how to pay."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from pypdf import PdfReader

from billing.adapters.pdf import render
from billing.domain.documents import (
    Buyer,
    CreditedInvoice,
    Order,
    PrintedDocument,
    Seller,
)

SELLER = Seller(
    name="Formations Exemple SRL",
    street="Rue de la Loi 16",
    postal_code="1000",
    city="Bruxelles",
    country="BE",
    enterprise_number="0123.456.749",
    vat_number="BE0123456749",
    iban="BE71 0961 2345 6769",
    bic="GKCCBEBB",
    email="facturation@formations.example",
)
BUYER = Buyer(
    name="manager@corp.example",
    email="manager@corp.example",
    company_name="Œuvres Dupont SA",
    vat_number="FR40303265045",
    registration_number="303265045",
    country="FR",
)
BOOKING = Order(UUID("5f1e2d3c-4b5a-4678-9abc-def012345678"))
LINE = (
    "Formation PY-101 Python pour débutants, du 7 décembre 2026 au 8 décembre 2026, "
    "participant : Tom Trainee"
)


def invoice(**overrides) -> PrintedDocument:
    values = {
        "kind": "invoice",
        "number": "2027-000001",
        "issued_at": datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # 1 January 2027 in Paris
        "language": "fr",
        "buyer": BUYER,
        "order": BOOKING,
        "lines": [(LINE, Decimal("1250.00"))],
        "net": Decimal("1041.67"),
        "vat": Decimal("208.33"),
        "vat_rate": Decimal("0.2000"),
        "total": Decimal("1250.00"),
        "due_on": date(2027, 1, 31),
        "payment_reference": "+++202/7000/00122+++",
    }
    return PrintedDocument(**{**values, **overrides})


def text_of(document: PrintedDocument) -> str:
    reader = PdfReader(io.BytesIO(render(document, SELLER)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_french_invoice_says_everything_in_french_with_french_formats():
    text = text_of(invoice())
    for said in (
        "Facture 2027-000001",
        "Date : 1 janvier 2027",  # issued at 00:30 in Paris
        "Échéance : 31 janvier 2027",
        "Facturé à :",
        "Objet : Inscription 5f1e2d3c-4b5a-4678-9abc-def012345678",
        "Total hors TVA 1 041,67 €",
        "TVA 20 % 208,33 €",
        "Total TVAC 1 250,00 €",
        "À payer au plus tard le 31 janvier 2027 (30 jours), 1 250,00 €",
        "IBAN BE71 0961 2345 6769",
        "Communication structurée : +++202/7000/00122+++",
    ):
        assert said in text, said
    for english in ("Invoice", "VAT", "Total incl", "Due", "EUR", " of "):
        assert english not in text, english


def test_the_seller_and_the_buyer_are_identified_as_a_company_needs():
    text = text_of(invoice())
    for said in (
        "Formations Exemple SRL",
        "Rue de la Loi 16 1000 Bruxelles Belgique",
        "N° d'entreprise 0123.456.749",
        "N° TVA BE0123456749",
        "Œuvres Dupont SA",
        "France",
        "N° TVA FR40303265045",
        "N° d'entreprise 303265045",
    ):
        assert said in text, said


def test_a_dutch_invoice_says_everything_in_dutch_with_dutch_formats():
    text = text_of(invoice(language="nl"))
    for said in (
        "Factuur 2027-000001",
        "Datum: 1 januari 2027",
        "Vervaldag: 31 januari 2027",
        "Gefactureerd aan:",
        "Betreft: Inschrijving 5f1e2d3c-4b5a-4678-9abc-def012345678",
        "Totaal excl. btw € 1.041,67",
        "Btw 20% € 208,33",
        "Totaal incl. btw € 1.250,00",
        "Te betalen uiterlijk op 31 januari 2027 (30 dagen), € 1.250,00",
        "Gestructureerde mededeling: +++202/7000/00122+++",
        "Ondernemingsnr. 0123.456.749",
        "Btw-nr. BE0123456749",
        "België",
        "Frankrijk",
    ):
        assert said in text, said
    for other in ("Facture", "Invoice", "TVA ", "VAT", "EUR"):
        assert other not in text, other


def test_an_english_invoice_says_everything_in_english_with_english_formats():
    text = text_of(invoice(language="en"))
    for said in (
        "Invoice 2027-000001",
        "Date: 1 January 2027",
        "Due date: 31 January 2027",
        "Billed to:",
        "Subject: Booking 5f1e2d3c-4b5a-4678-9abc-def012345678",
        "Total excl. VAT €1,041.67",
        "VAT 20% €208.33",
        "Total incl. VAT €1,250.00",
        "Please pay €1,250.00 by 31 January 2027 (30 days)",
        "Structured communication: +++202/7000/00122+++",
        "Belgium",
    ):
        assert said in text, said


@pytest.mark.parametrize(
    ("language", "cancels", "total"),
    [
        (
            "fr",
            "Annule la facture 2026-000007 du 25 novembre 2026",
            "Total crédité TVAC 1 250,00 €",
        ),
        ("nl", "Crediteert factuur 2026-000007 van 25 november 2026", "€ 1.250,00"),
        ("en", "Cancels invoice 2026-000007 of 25 November 2026", "€1,250.00"),
    ],
)
def test_a_credit_note_cites_the_invoice_it_cancels(language, cancels, total):
    note = invoice(
        kind="credit_note",
        number="AV-2027-000001",
        language=language,
        due_on=None,
        payment_reference=None,
        credited_invoice=CreditedInvoice("2026-000007", datetime(2026, 11, 25, 9, tzinfo=UTC)),
        reason="Annulation à la demande du client",
    )
    text = text_of(note)
    assert cancels in text
    assert total in text
    assert "AV-2027-000001" in text
    assert "+++" not in text  # nothing to pay


def test_the_subject_names_the_booking_and_the_line_what_is_billed_once():
    text = text_of(invoice())
    assert "Objet : Inscription 5f1e2d3c-4b5a-4678-9abc-def012345678" in text
    assert text.count("Python pour débutants") == 1  # the line's, not repeated as subject


def test_an_invoice_of_a_group_names_the_group_as_its_subject():
    group = Order(UUID("3c2b1a09-8f7e-4d6c-9b5a-4a3b2c1d0e0f"), group_reference="IC2027-0003-01")
    text = text_of(invoice(order=group))
    assert "Objet : Formation en entreprise, groupe IC2027-0003-01" in text
    assert "3c2b1a09" not in text  # the group's reference, not its id


def test_the_euro_sign_and_characters_beyond_latin_1_print_as_themselves():
    text = text_of(invoice(buyer=replace(BUYER, company_name="Œuvre — Zoë Łódź € 5")))
    assert "Œuvre — Zoë Łódź € 5" in text
    assert "?" not in text


def test_the_font_and_its_licence_ship_with_the_package():
    from billing.adapters.pdf import FONTS

    assert (FONTS / "DejaVuSans.ttf").is_file()
    assert (FONTS / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (FONTS / "LICENSE").read_text(encoding="utf-8")
