"""Europe/Paris: the wall clock of enrollment's rules.

Business hours (R-C2) and the weekly agreement cut-off (R-B3) are counted in
Paris wall time; the API stores instants in UTC and answers them in UTC with `Z`,
like every service (docs/API.md): the wall time a person reads is the client's to show.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
