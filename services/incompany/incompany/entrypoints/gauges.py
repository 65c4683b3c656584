"""Operators' view of the deadline chain on /metrics: what is due now, and what is late.

"Due" counts scheduled deadlines whose instant has passed: the scan should
take them within one poll. "Late" counts those still scheduled well after
that (more than `deadline_late_after_seconds`): the scan is not keeping up,
or a firing keeps failing (see `GET /groups/{id}/deadlines`). Each scrape
reads them through a handler (`handlers/deadlines.py`).
"""

from __future__ import annotations

from chassis.metrics import ScrapedGauge
from chassis.service import Runtime
from incompany.handlers import deadlines
from incompany.settings import IncompanySettings


async def deadlines_due(runtime: Runtime[IncompanySettings]) -> float:
    async with runtime.unit_of_work() as uow:
        return float(await deadlines.count_due(uow))


async def deadlines_late(runtime: Runtime[IncompanySettings]) -> float:
    async with runtime.unit_of_work() as uow:
        return float(await deadlines.count_late(uow))


GAUGES = (
    ScrapedGauge(
        "incompany_deadlines_due", "Scheduled deadlines whose instant has passed", deadlines_due
    ),
    ScrapedGauge(
        "incompany_deadlines_late",
        "Scheduled deadlines still unfired well after their instant",
        deadlines_late,
    ),
)
