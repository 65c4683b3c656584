"""The printed invoice: what was stored, dated in Europe/Paris, never failing on a character."""

from datetime import UTC, datetime
from decimal import Decimal

from billing.adapters.pdf import PrintedDocument, Seller, render

SELLER = Seller("Formations SA", "1 rue de Rivoli\n75001 Paris", "FR00123456789")


def document(**overrides) -> PrintedDocument:
    values = {
        "kind": "invoice",
        "number": "2027-000001",
        "issued_at": datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        "language": "fr",
        "payer_name": "Corp SA",
        "payer_email": "billing@corp.example",
        "reference": "public_booking 5f1c",
        "lines": [("PY-101 Python pour débutants", Decimal("600.00"))],
        "net": Decimal("500.00"),
        "vat": Decimal("100.00"),
        "vat_rate": Decimal("0.2000"),
        "total": Decimal("600.00"),
    }
    return PrintedDocument(**{**values, **overrides})


def test_an_invoice_issued_at_half_past_midnight_in_paris_is_dated_1_january():
    pdf = render(document(), SELLER)
    assert pdf.startswith(b"%PDF")
    assert b"Date: 01/01/2027" in pdf


def test_the_totals_and_vat_rate_are_printed_in_the_payers_language():
    pdf = render(document(language="en"), SELLER)
    for text in (b"Invoice 2027-000001", b"VAT 20 %: 100.00 EUR", b"Total incl. VAT: 600.00 EUR"):
        assert text in pdf, text


def test_characters_outside_latin_1_do_not_break_the_download():
    pdf = render(document(payer_name="Œuvre — 5 €"), SELLER)
    assert b"?uvre ? 5 ?" in pdf
