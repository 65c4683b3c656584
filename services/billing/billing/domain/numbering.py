"""Invoice and credit-note numbers: formats and the year rule, without I/O.

Each series (invoices, credit notes) is numbered without gaps within a year
(French invoicing law asks for a continuous, chronological series). The year is
that of the issue date in Europe/Paris, the business time of the customer
space: an invoice issued at 00:30 on 1 January in Paris belongs to the new
year, although it is still 31 December in UTC. The counters themselves live in
the database (`adapters/counters.py`); this module only says which year and how a
number is written.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

BUSINESS_ZONE = ZoneInfo("Europe/Paris")
SEQUENCE_DIGITS = 6


class Series(StrEnum):
    """A numbering series; each has its own gapless counter per year."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


PREFIXES = {Series.INVOICE: "", Series.CREDIT_NOTE: "AV-"}
"""Credit notes ("avoirs") carry the AV- prefix so both series never collide."""


def numbering_year(issued_at: datetime, zone: ZoneInfo = BUSINESS_ZONE) -> int:
    """The year whose series an instant's document belongs to: the local year in `zone`."""
    if issued_at.tzinfo is None:
        raise ValueError("the issue instant must be timezone-aware")
    return issued_at.astimezone(zone).year


def format_number(series: Series, year: int, sequence: int) -> str:
    """ "2026-000001" for the first invoice of 2026, "AV-2026-000001" for a credit note."""
    if sequence < 1:
        raise ValueError("sequences start at 1")
    if sequence >= 10**SEQUENCE_DIGITS:
        raise ValueError(f"the {series} series of {year} is exhausted")
    return f"{PREFIXES[series]}{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}"
