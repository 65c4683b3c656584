"""How money, dates and instants read in each language (Babel), in Brussels time.

`1 234,50 €` and `12/04/2027 09:00` in French; the same figures in Dutch and
English with their own separators. Business time is Europe/Paris for public
sessions and Europe/Brussels for in-company training (PRODUCT.md): the two
zones keep the same offset all year, so one zone, named where an instant is a
deadline, reads right for both.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_currency, format_decimal

from portal.domain.languages import Language

ZONE = ZoneInfo("Europe/Brussels")
LOCALES: dict[Language, str] = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
DATE_PATTERN = "dd/MM/yyyy"
TIME_PATTERN = "HH:mm"


def parse_instant(value: str | datetime) -> datetime:
    """An API's ISO 8601 instant (with its offset) as an aware datetime."""
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise ValueError(f"an instant without its offset: {value!r}")
    return instant


def money(amount: str | Decimal | int | None, language: Language) -> str:
    """`1 234,50 €` (fr), `€ 1.234,50` (nl), `€1,234.50` (en); exact decimals, never floats."""
    if amount is None or amount == "":
        return ""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    # Babel separates thousands with a narrow no-break space in French; a plain
    # no-break space reads the same and is what people type and search for.
    return format_currency(value, "EUR", locale=LOCALES[language]).replace("\u202f", "\u00a0")


def number(value: str | Decimal | int, language: Language) -> str:
    return format_decimal(Decimal(str(value)), locale=LOCALES[language]).replace("\u202f", "\u00a0")


def instant(value: str | datetime | None, language: Language) -> str:
    """`12/04/2027 09:00`, in Brussels time, whatever the offset the API gave."""
    if value is None or value == "":
        return ""
    return babel_datetime(
        parse_instant(value),
        f"{DATE_PATTERN} {TIME_PATTERN}",
        tzinfo=ZONE,
        locale=LOCALES[language],
    )


def day(value: str | datetime | date | None, language: Language) -> str:
    """`12/04/2027`: a calendar day, or the Brussels day of an instant."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = parse_instant(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(ZONE).date()
    return babel_date(value, DATE_PATTERN, locale=LOCALES[language])


def clock_time(value: str | datetime | None, language: Language) -> str:
    """`09:00`, in Brussels time."""
    if value is None or value == "":
        return ""
    return babel_datetime(parse_instant(value), TIME_PATTERN, tzinfo=ZONE, locale=LOCALES[language])


def long_day(value: str | datetime | None, language: Language) -> str:
    """`lundi 12 avril 2027`, for headings."""
    if value is None or value == "":
        return ""
    moment = parse_instant(value).astimezone(ZONE) if not isinstance(value, date) else value
    return babel_date(moment, "full", locale=LOCALES[language])


def parse_amount(text: str) -> Decimal | None:
    """What a person typed as an amount (`1 234,50`, `1234.50`, `400`), or None if it is not
    one. A comma or a point is the decimal separator when followed by one or two digits."""
    cleaned = text.strip().replace("€", "").replace("\u00a0", "").replace("\u202f", "")
    cleaned = cleaned.replace(" ", "")
    if not cleaned:
        return None
    last = max(cleaned.rfind(","), cleaned.rfind("."))
    if last != -1 and len(cleaned) - last - 1 in (1, 2):
        whole, cents = cleaned[:last], cleaned[last + 1 :]
        cleaned = whole.replace(",", "").replace(".", "") + "." + cents
    else:
        cleaned = cleaned.replace(",", "").replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return value
