"""Europe/Paris: the wall clock of enrollment's rules and of the instants it shows.

Business hours (R-C2) and the weekly agreement cut-off (R-B3) are counted in
Paris wall time; the API stores instants in UTC and shows them in Paris.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def in_paris(instant: datetime) -> datetime:
    """The same instant on the Paris wall clock (an aware datetime)."""
    return instant.astimezone(PARIS)
