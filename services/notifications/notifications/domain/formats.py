"""How instants and amounts read in a message, per language (Babel). No I/O.

Instants are stored in UTC and shown in the reader's zone, named beside them:
the zone the event carries (`group.time_zone`, `time_zone`), else
Europe/Brussels, the business time of the customer space (PRODUCT.md; Paris
keeps the same offset all year). A date reads in full, "lundi 7 décembre 2026";
amounts are exact decimals with the euro sign where each language puts it:
"1 234,50 €" (fr), "€ 1.234,50" (nl), "€1,234.50" (en), as the portal shows them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_location
from babel.numbers import format_currency

DEFAULT_ZONE = "Europe/Brussels"
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
"""The customer space's readers are Belgian or French; English as written in Europe."""

_AT = {"fr": "à", "nl": "om", "en": "at"}
_ZONE_NAME = {"fr": "heure de {city}", "nl": "tijd in {city}", "en": "{city} time"}


def reader_zone(context: dict[str, Any]) -> str:
    """The zone a message's instants are shown in: the one the event or the recipient names
    (`time_zone`, or the in-company group's), else Brussels."""
    group = context.get("group") or next(iter(context.get("groups") or []), None) or {}
    return str(context.get("time_zone") or group.get("time_zone") or DEFAULT_ZONE)


def local(instant: str | datetime, zone: str | None = None) -> datetime:
    value = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    if value.tzinfo is None:
        raise ValueError("a message instant must be timezone-aware")
    return value.astimezone(ZoneInfo(zone or DEFAULT_ZONE))


def date_text(instant: str | datetime, language: str, zone: str | None = None) -> str:
    """'lundi 7 décembre 2026', the day in the reader's zone."""
    return format_date(local(instant, zone).date(), "full", locale=LOCALES[language])


def time_text(instant: str | datetime, language: str, zone: str | None = None) -> str:
    """'09:30' in the reader's zone."""
    return format_time(local(instant, zone), "HH:mm", locale=LOCALES[language])


def datetime_text(instant: str | datetime, language: str, zone: str | None = None) -> str:
    """'lundi 7 décembre 2026 à 09:30' in the reader's zone (named apart: `zone_name`)."""
    return (
        f"{date_text(instant, language, zone)} {_AT[language]} {time_text(instant, language, zone)}"
    )


def zone_name(zone: str, language: str) -> str:
    """'heure de Bruxelles', 'tijd in Brussel', 'Brussels time': the zone, named by its city
    in the reader's language."""
    city = get_timezone_location(zone, locale=LOCALES[language], return_city=True)
    return _ZONE_NAME[language].format(city=city)


def money_text(amount: str | Decimal, language: str) -> str:
    """'1 234,50 €' (fr), '€ 1.234,50' (nl), '€1,234.50' (en); exact, never a float."""
    value = Decimal(amount).quantize(Decimal("0.01"))
    # Babel separates French thousands with a narrow no-break space; a plain no-break
    # space reads the same in every mail reader (as in the portal).
    return format_currency(value, "EUR", locale=LOCALES[language]).replace("\u202f", "\u00a0")


_REMOTE = {"fr": "à distance", "nl": "op afstand", "en": "remote"}


def place_text(location: str, language: str) -> str:
    """A session's address, or "remote" said in the reader's language."""
    return _REMOTE[language] if location.strip().lower() == "remote" else location
