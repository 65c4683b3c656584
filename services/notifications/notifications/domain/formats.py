"""How instants and amounts read in a message, per language. No I/O.

Instants are stored in UTC and shown in Europe/Paris time, the customer
space's business time, unless the template names another zone: in-company
training is shown in the zone its event carries (`group.time_zone`,
Europe/Brussels), e.g. `{{ group.starts_at | date(group.time_zone) }}`.
Amounts are exact decimals shown in EUR.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

BUSINESS_ZONE = ZoneInfo("Europe/Paris")

_DATE = {"fr": "%d/%m/%Y", "nl": "%d-%m-%Y", "en": "%d/%m/%Y"}
_AT = {"fr": "à", "nl": "om", "en": "at"}


def local(instant: str | datetime, zone: str | None = None) -> datetime:
    value = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    if value.tzinfo is None:
        raise ValueError("a message instant must be timezone-aware")
    return value.astimezone(ZoneInfo(zone) if zone else BUSINESS_ZONE)


def date_text(instant: str | datetime, language: str, zone: str | None = None) -> str:
    return local(instant, zone).strftime(_DATE[language])


def time_text(instant: str | datetime, language: str, zone: str | None = None) -> str:
    return local(instant, zone).strftime("%H:%M")


def datetime_text(instant: str | datetime, language: str, zone: str | None = None) -> str:
    """'01/12/2026 à 09:00' in Paris time (or in `zone`)."""
    return (
        f"{date_text(instant, language, zone)} {_AT[language]} {time_text(instant, language, zone)}"
    )


def money_text(amount: str | Decimal, language: str) -> str:
    """'1 234,50 EUR' (fr), '1.234,50 EUR' (nl), 'EUR 1,234.50' (en); exact, never a float."""
    value = Decimal(amount).quantize(Decimal("0.01"))
    english = f"{value:,.2f}"
    if language == "en":
        return f"EUR {english}"
    thousands = "\u202f" if language == "fr" else "."
    return english.replace(",", "\0").replace(".", ",").replace("\0", thousands) + " EUR"


_REMOTE = {"fr": "à distance", "nl": "op afstand", "en": "remote"}


def place_text(location: str, language: str) -> str:
    """A session's address, or "remote" said in the reader's language."""
    return _REMOTE[language] if location.strip().lower() == "remote" else location
