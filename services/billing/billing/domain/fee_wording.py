"""What an in-company fee's invoice line says, in the payer's language; no I/O.

The line names the fee's reason, the group (reference, course, local date of
the class) and, for a shortfall, the count it is computed from, so the
invoice and its PDF explain themselves.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from billing.domain.document_words import money
from billing.domain.fees import Fee, FeeReason
from contracts.incompany import GroupFacts

_DATE = {"fr": "%d/%m/%Y", "nl": "%d-%m-%Y", "en": "%d/%m/%Y"}

_REASONS = {
    "fr": {
        FeeReason.LATE_CANCELLATION: (
            "Frais d'annulation tardive (annulation {days} jour(s) avant le début)"
        ),
        FeeReason.MISSING_LIST: (
            "Frais pour liste des participants manquante à la date limite d'inscription"
        ),
        FeeReason.SHORTFALL: (
            "Participants en nombre insuffisant : {attended} présent(s) pour un minimum "
            "de {minimum}, {missing} x {per_person}"
        ),
    },
    "nl": {
        FeeReason.LATE_CANCELLATION: (
            "Kosten voor laattijdige annulering ({days} dag(en) voor de start)"
        ),
        FeeReason.MISSING_LIST: (
            "Kosten voor ontbrekende deelnemerslijst op de uiterste inschrijvingsdatum"
        ),
        FeeReason.SHORTFALL: (
            "Te weinig deelnemers: {attended} aanwezig voor een minimum van {minimum}, "
            "{missing} x {per_person}"
        ),
    },
    "en": {
        FeeReason.LATE_CANCELLATION: (
            "Late cancellation fee (cancelled {days} day(s) before the start)"
        ),
        FeeReason.MISSING_LIST: "Fee for the participant list missing at the enrollment cut-off",
        FeeReason.SHORTFALL: (
            "Too few participants: {attended} attended for a minimum of {minimum}, "
            "{missing} x {per_person}"
        ),
    },
}

_GROUP = {
    "fr": "formation en entreprise {reference} - {title} du {date}",
    "nl": "opleiding in de onderneming {reference} - {title} van {date}",
    "en": "in-company training {reference} - {title} on {date}",
}


def fee_description(fee: Fee, group: GroupFacts, language: str) -> str:
    """E.g. "Late cancellation fee (cancelled 14 day(s) before the start) -
    in-company training IC2027-0003-01 - Excel on 05/04/2027"."""
    language = language if language in _REASONS else "fr"
    per_person = money(fee.per_person, language) if fee.per_person is not None else ""
    reason = _REASONS[language][fee.reason].format(
        days=fee.days_before_start,
        attended=fee.attended,
        minimum=fee.minimum,
        missing=fee.missing,
        per_person=per_person,
    )
    starts = group.starts_at.astimezone(ZoneInfo(group.time_zone))
    about = _GROUP[language].format(
        reference=group.group_reference,
        title=group.course_title,
        date=starts.strftime(_DATE[language]),
    )
    return f"{reason} - {about}"
