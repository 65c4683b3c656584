"""Laying out an invoice or a credit note on an A4 page (fpdf2), in the payer's language.

The text is `domain/document_words.py`'s; this module only places it. The
font is DejaVu Sans (adapters/fonts, with its licence), a TrueType font that
prints every character of the three languages and of people's names, "€" and
"Œ" included; fpdf2 embeds the subset of it that the document uses.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from billing.domain import document_words as said
from billing.domain.documents import PrintedDocument, Seller
from billing.domain.numbering import BUSINESS_ZONE

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
LINE = 5.5
AMOUNT_WIDTH = 45


class _Page(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=20)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(90)
        self.multi_cell(0, 3.5, self._footer_text, align="C")
        self.set_text_color(0)


def _seller_lines(seller: Seller, language: str) -> list[str]:
    words = said.words(language)
    lines = [seller.street, f"{seller.postal_code} {seller.city}".strip()]
    lines.append(said.country(seller.country, language))
    if seller.enterprise_number:
        lines.append(f"{words['seller_enterprise']} {seller.enterprise_number}")
    if seller.vat_number:
        lines.append(f"{words['vat_number']} {seller.vat_number}")
    if seller.email:
        lines.append(seller.email)
    return [line for line in lines if line]


def _footer(seller: Seller, language: str) -> str:
    words = said.words(language)
    parts = [seller.name]
    if seller.enterprise_number:
        parts.append(f"{words['seller_enterprise']} {seller.enterprise_number}")
    if seller.vat_number:
        parts.append(f"{words['vat_number']} {seller.vat_number}")
    if seller.iban:
        parts.append(f"IBAN {seller.iban}" + (f" BIC {seller.bic}" if seller.bic else ""))
    return " · ".join(parts)


def render(document: PrintedDocument, seller: Seller) -> bytes:
    language = said.language_of(document.language)
    words = said.words(language)
    title = f"{words[document.kind]} {document.number}"
    pdf = _Page(_footer(seller, language))
    pdf.set_title(title)
    pdf.set_author(seller.name)
    pdf.set_lang({"fr": "fr-BE", "nl": "nl-BE", "en": "en-GB"}[language])
    pdf.add_page()
    width = pdf.epw
    half = width / 2

    colon = words["colon"]

    def text(value: str, *, size: float = 9.5, style: str = "", align: str = "L") -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(width, LINE, value, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # The seller (left) and the document's identity (right).
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(half, 6, seller.name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    for line in _seller_lines(seller, language):
        pdf.multi_cell(half, 4.5, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    seller_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(half, 8, title, align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9.5)
    issued = document.issued_at.astimezone(BUSINESS_ZONE).date()
    identity = [f"{words['date']}{colon} {said.day(issued, language)}"]
    if document.due_on is not None:
        identity.append(f"{words['due_on']}{colon} {said.day(document.due_on, language)}")
    for line in identity:
        pdf.multi_cell(half, LINE, line, align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, max(seller_bottom, pdf.get_y()) + 8)

    # The buyer.
    buyer = document.buyer
    text(f"{words['buyer']}{colon}", style="B")
    if buyer.company_name:
        text(buyer.company_name, style="B")
        if buyer.name not in (buyer.company_name, buyer.email):
            text(buyer.name)  # the person the company's invoice is addressed to
    else:
        text(buyer.name, style="B")
    if buyer.email != buyer.name or buyer.company_name:
        text(buyer.email)
    if buyer.country:
        text(said.country(buyer.country, language))
    if buyer.registration_number:
        text(f"{words['registration']} {buyer.registration_number}")
    if buyer.vat_number:
        text(f"{words['vat_number']} {buyer.vat_number}")
    pdf.ln(5)

    # What it is about.
    if document.order is not None:
        text(f"{words['subject']}{colon} {said.order_subject(document.order, language)}")
    credited = document.credited_invoice
    if credited is not None:
        credited_on = said.day(credited.issued_at.astimezone(BUSINESS_ZONE).date(), language)
        text(words["credits"].format(number=credited.number, date=credited_on), style="B")
    if document.reason:
        text(f"{words['reason']}{colon} {document.reason}")
    pdf.ln(4)

    # The lines and the totals.
    pdf.set_font(FAMILY, "B", 9.5)
    pdf.cell(width - AMOUNT_WIDTH, 7, words["description"], border="B")
    pdf.cell(
        AMOUNT_WIDTH,
        7,
        words["amount"],
        border="B",
        align="R",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FAMILY, "", 9.5)
    for description, amount in document.lines:
        row = pdf.get_y() + 1
        pdf.set_xy(pdf.l_margin, row)
        pdf.multi_cell(width - AMOUNT_WIDTH, LINE, description, align="L")
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + width - AMOUNT_WIDTH, row)
        pdf.cell(AMOUNT_WIDTH, LINE, said.money(amount, language), align="R")
        pdf.set_xy(pdf.l_margin, bottom)
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(2)
    total_label = words["credited_total" if document.kind == "credit_note" else "total"]
    for label, value, style in (
        (words["net"], document.net, ""),
        (words["vat"].format(rate=said.percent(document.vat_rate, language)), document.vat, ""),
        (total_label, document.total, "B"),
    ):
        pdf.set_font(FAMILY, style, 9.5)
        pdf.cell(width - AMOUNT_WIDTH, LINE + 0.5, label, align="R")
        pdf.cell(
            AMOUNT_WIDTH,
            LINE + 0.5,
            said.money(value, language),
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(8)

    # How it is paid (an invoice) or settled (a credit note).
    text(words["payment"], style="B")
    if document.kind == "credit_note":
        text(words["credit_settlement"])
    elif document.due_on is not None:
        days = (document.due_on - issued).days
        terms = words["payment_terms" if days > 0 else "payment_terms_now"]
        due = said.day(document.due_on, language)
        text(terms.format(due=due, days=days, amount=said.money(document.total, language)))
        text(f"IBAN {seller.iban}" + (f" · BIC {seller.bic}" if seller.bic else ""), style="B")
        text(f"{seller.name}")
    if document.payment_reference:
        text(f"{words['communication']}{colon} {document.payment_reference}", style="B", size=11)
    return bytes(pdf.output())
