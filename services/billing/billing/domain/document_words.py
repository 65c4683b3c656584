"""Every word and format of a printed invoice or credit note, in fr, nl and en; no I/O.

Amounts, dates and countries come from Babel (CLDR), in the locales the
portal uses: "1 250,00 €" in French, "€ 1.250,00" in Dutch, "€1,250.00" in
English; dates such as "7 décembre 2026". Business time: Europe/Paris for
issue dates (`domain/numbering.py`), the session's or group's zone for
training dates.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from billing.domain.documents import BilledItem, Order

LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
DEFAULT_LANGUAGE = "fr"


def language_of(language: str) -> str:
    return language if language in LOCALES else DEFAULT_LANGUAGE


def money(amount: Decimal, language: str) -> str:
    """The amount in euros in the language's format; the narrow no-break space Babel puts
    between French thousands becomes a plain no-break space, as in the portal."""
    text = format_currency(amount.quantize(Decimal("0.01")), "EUR", locale=LOCALES[language])
    return text.replace("\u202f", "\u00a0")


def percent(rate: Decimal, language: str) -> str:
    """0.2100 -> "21 %" (fr), "21%" (nl, en): the VAT rate as people write it."""
    value = format_decimal((rate * 100).normalize(), locale=LOCALES[language])
    return f"{value}\u00a0%" if language == "fr" else f"{value}%"


def day(value: date, language: str) -> str:
    """ "7 décembre 2026", "7 december 2026", "7 December 2026"."""
    return format_date(value, "long", locale=LOCALES[language])


def local_day(instant: datetime, zone: str, language: str) -> str:
    return day(instant.astimezone(ZoneInfo(zone)).date(), language)


def country(code: str, language: str) -> str:
    """The country's name in the language ("Belgique", "België", "Belgium")."""
    return Locale.parse(LOCALES[language]).territories.get(code, code)


WORDS = {
    "fr": {
        "colon": "\u00a0:",
        "invoice": "Facture",
        "credit_note": "Note de crédit",
        "number": "Numéro",
        "date": "Date",
        "due_on": "Échéance",
        "buyer": "Facturé à",
        "seller_enterprise": "N° d'entreprise",
        "vat_number": "N° TVA",
        "registration": "N° d'entreprise",
        "subject": "Objet",
        "subject_booking": "Inscription {reference}",
        "subject_group": "Formation en entreprise, groupe {reference}",
        "credits": "Annule la facture {number} du {date}",
        "reason": "Motif",
        "description": "Description",
        "amount": "Montant TVAC",
        "net": "Total hors TVA",
        "vat": "TVA {rate}",
        "total": "Total TVAC",
        "credited_total": "Total crédité TVAC",
        "payment": "Paiement",
        "payment_terms": (
            "À payer au plus tard le {due} ({days} jours), {amount}, sur le compte\u00a0:"
        ),
        "payment_terms_now": "À payer dès réception ({due}), {amount}, sur le compte\u00a0:",
        "communication": "Communication structurée",
        "credit_settlement": ("Ce montant vous est remboursé ou déduit d'un prochain paiement."),
        "training": "Formation {code} {title}",
        "incompany": "Formation en entreprise {code} {title}",
        "one_day": "le {day}",
        "days": "du {start} au {end}",
        "participant": "participant\u00a0: {name}",
        "group": "groupe {reference}",
        "part": "{line} (montant facturé\u00a0: {amount} sur {price})",
    },
    "nl": {
        "colon": ":",
        "invoice": "Factuur",
        "credit_note": "Creditnota",
        "number": "Nummer",
        "date": "Datum",
        "due_on": "Vervaldag",
        "buyer": "Gefactureerd aan",
        "seller_enterprise": "Ondernemingsnr.",
        "vat_number": "Btw-nr.",
        "registration": "Ondernemingsnr.",
        "subject": "Betreft",
        "subject_booking": "Inschrijving {reference}",
        "subject_group": "Opleiding in de onderneming, groep {reference}",
        "credits": "Crediteert factuur {number} van {date}",
        "reason": "Reden",
        "description": "Omschrijving",
        "amount": "Bedrag incl. btw",
        "net": "Totaal excl. btw",
        "vat": "Btw {rate}",
        "total": "Totaal incl. btw",
        "credited_total": "Gecrediteerd totaal incl. btw",
        "payment": "Betaling",
        "payment_terms": "Te betalen uiterlijk op {due} ({days} dagen), {amount}, op rekening:",
        "payment_terms_now": "Te betalen bij ontvangst ({due}), {amount}, op rekening:",
        "communication": "Gestructureerde mededeling",
        "credit_settlement": (
            "Dit bedrag wordt u terugbetaald of verrekend met een volgende betaling."
        ),
        "training": "Opleiding {code} {title}",
        "incompany": "Opleiding in de onderneming {code} {title}",
        "one_day": "op {day}",
        "days": "van {start} tot {end}",
        "participant": "deelnemer: {name}",
        "group": "groep {reference}",
        "part": "{line} (gefactureerd bedrag: {amount} van {price})",
    },
    "en": {
        "colon": ":",
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "number": "Number",
        "date": "Date",
        "due_on": "Due date",
        "buyer": "Billed to",
        "seller_enterprise": "Enterprise no.",
        "vat_number": "VAT no.",
        "registration": "Company no.",
        "subject": "Subject",
        "subject_booking": "Booking {reference}",
        "subject_group": "In-company training, group {reference}",
        "credits": "Cancels invoice {number} of {date}",
        "reason": "Reason",
        "description": "Description",
        "amount": "Amount incl. VAT",
        "net": "Total excl. VAT",
        "vat": "VAT {rate}",
        "total": "Total incl. VAT",
        "credited_total": "Total credited incl. VAT",
        "payment": "Payment",
        "payment_terms": "Please pay {amount} by {due} ({days} days) to the account:",
        "payment_terms_now": "Please pay {amount} on receipt ({due}) to the account:",
        "communication": "Structured communication",
        "credit_settlement": "This amount is refunded to you or deducted from a next payment.",
        "training": "Training {code} {title}",
        "incompany": "In-company training {code} {title}",
        "one_day": "on {day}",
        "days": "from {start} to {end}",
        "participant": "participant: {name}",
        "group": "group {reference}",
        "part": "{line} (amount invoiced: {amount} of {price})",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS[language_of(language)]


def order_subject(order: Order, language: str) -> str:
    """A document's subject: the booking or the group it is about, by its reference, e.g.
    "Inscription 5f1e2d3c-…" or "Formation en entreprise, groupe IC2027-0003-01" (what is
    billed is the lines', `line_text`)."""
    said = WORDS[language_of(language)]
    if order.group_reference:
        return said["subject_group"].format(reference=order.group_reference)
    return said["subject_booking"].format(reference=order.reference_id)


def line_text(billed: BilledItem, language: str) -> str:
    """What is billed in a person's words, as an invoice line says it, e.g. "Formation
    PY-101 Python pour débutants, du 7 décembre 2026 au 8 décembre 2026, participant :
    Tom Trainee"."""
    language = language_of(language)
    said = WORDS[language]
    what = "incompany" if billed.group_reference else "training"
    parts = [said[what].format(code=billed.course_code, title=billed.course_title)]
    start = local_day(billed.starts_at, billed.time_zone, language)
    end = local_day(billed.ends_at, billed.time_zone, language)
    if start == end:
        parts.append(said["one_day"].format(day=start))
    else:
        parts.append(said["days"].format(start=start, end=end))
    if billed.group_reference:
        parts.append(said["group"].format(reference=billed.group_reference))
    if billed.participant:
        parts.append(said["participant"].format(name=billed.participant))
    return ", ".join(parts)


def partial_line(line: str, amount: Decimal, price: Decimal, language: str) -> str:
    """An invoice for part of a price says which part, in the payer's language (R-C4)."""
    language = language_of(language)
    return WORDS[language]["part"].format(
        line=line, amount=money(amount, language), price=money(price, language)
    )
