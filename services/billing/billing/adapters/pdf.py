"""Printing an invoice or credit note as PDF (fpdf2), in the payer's language.

What is printed is exactly what was stored at issue: number, date (Europe/Paris),
seller, payer, the reference, lines, net, VAT and total. The built-in PDF
fonts only know Latin-1, so any other character is printed as "?" rather than
failing the download.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from billing.domain.amounts import money
from billing.domain.numbering import BUSINESS_ZONE

LABELS = {
    "fr": {
        "invoice": "Facture",
        "credit_note": "Avoir",
        "date": "Date",
        "payer": "Client",
        "reference": "Référence",
        "credits": "Annule la facture",
        "description": "Description",
        "amount": "Montant TTC",
        "net": "Total HT",
        "vat": "TVA",
        "total": "Total TTC",
        "vat_number": "N° TVA",
    },
    "nl": {
        "invoice": "Factuur",
        "credit_note": "Creditnota",
        "date": "Datum",
        "payer": "Klant",
        "reference": "Referentie",
        "credits": "Crediteert factuur",
        "description": "Omschrijving",
        "amount": "Bedrag incl. btw",
        "net": "Totaal excl. btw",
        "vat": "Btw",
        "total": "Totaal incl. btw",
        "vat_number": "Btw-nr.",
    },
    "en": {
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "date": "Date",
        "payer": "Customer",
        "reference": "Reference",
        "credits": "Credits invoice",
        "description": "Description",
        "amount": "Amount incl. VAT",
        "net": "Total excl. VAT",
        "vat": "VAT",
        "total": "Total incl. VAT",
        "vat_number": "VAT no.",
    },
}


@dataclass(frozen=True)
class Seller:
    name: str
    address: str = ""
    vat_number: str = ""


@dataclass(frozen=True)
class PrintedDocument:
    kind: str
    """"invoice" or "credit_note"."""
    number: str
    issued_at: datetime
    language: str
    payer_name: str
    payer_email: str
    reference: str
    """What the document is for, e.g. "public_booking 1b4e..."."""
    lines: list[tuple[str, Decimal]]
    net: Decimal
    vat: Decimal
    vat_rate: Decimal
    total: Decimal
    credited_invoice: str | None = None


def reference_text(kind: str, reference_id: UUID) -> str:
    return f"{kind} {reference_id}"


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def render(document: PrintedDocument, seller: Seller) -> bytes:
    labels = LABELS.get(document.language, LABELS["fr"])
    pdf = FPDF(format="A4")
    pdf.set_compression(False)  # plain text streams: the number can be found in the file
    pdf.set_title(_latin1(f"{labels[document.kind]} {document.number}"))
    pdf.set_author(_latin1(seller.name))
    pdf.add_page()
    width = pdf.epw

    def line(text: str, *, size: int = 10, style: str = "", align: str = "L") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.cell(width, 6, _latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line(seller.name, size=12, style="B")
    for part in seller.address.splitlines():
        line(part)
    if seller.vat_number:
        line(f"{labels['vat_number']}: {seller.vat_number}")
    pdf.ln(6)
    line(f"{labels[document.kind]} {document.number}", size=16, style="B")
    line(f"{labels['date']}: {document.issued_at.astimezone(BUSINESS_ZONE):%d/%m/%Y}")
    line(f"{labels['reference']}: {document.reference}")
    if document.credited_invoice:
        line(f"{labels['credits']} {document.credited_invoice}")
    pdf.ln(4)
    line(f"{labels['payer']}:", style="B")
    line(document.payer_name)
    line(document.payer_email)
    pdf.ln(6)

    amount_width = 45
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(width - amount_width, 7, _latin1(labels["description"]), border="B")
    pdf.cell(
        amount_width,
        7,
        _latin1(labels["amount"]),
        border="B",
        align="R",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Helvetica", "", 10)
    for description, amount in document.lines:
        top = pdf.get_y()
        pdf.multi_cell(width - amount_width, 6, _latin1(description))
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + width - amount_width, top)
        pdf.cell(amount_width, 6, f"{money(amount)} EUR", align="R")
        pdf.set_xy(pdf.l_margin, bottom)
    pdf.ln(4)
    rate = f"{(document.vat_rate * 100).normalize():f} %"
    for label, value, style in (
        (labels["net"], document.net, ""),
        (f"{labels['vat']} {rate}", document.vat, ""),
        (labels["total"], document.total, "B"),
    ):
        line(f"{label}: {money(value)} EUR", style=style, align="R")
    return bytes(pdf.output())
