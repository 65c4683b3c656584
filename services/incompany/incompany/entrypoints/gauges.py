"""Operators' view of the deadline chain on /metrics: what is due now, and what is late.

"Due" counts scheduled deadlines whose instant has passed: the scan should
take them within one poll. "Late" counts those still scheduled well after
that (more than `deadline_late_after_seconds`): the scan is not keeping up,
or a firing keeps failing (see `GET /groups/{id}/deadlines`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from chassis.metrics import ScrapedGauge
from incompany.adapters.tables import Deadline
from incompany.settings import IncompanySettings

if TYPE_CHECKING:
    from chassis.service import Runtime


async def _scheduled_before(runtime: Runtime, slack: timedelta) -> float:
    async with runtime.db.session() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Deadline)
            .where(Deadline.state == "scheduled", Deadline.due_at <= runtime.clock.now() - slack)
        )
    return float(count or 0)


async def deadlines_due(runtime: Runtime) -> float:
    return await _scheduled_before(runtime, timedelta(0))


async def deadlines_late(runtime: Runtime) -> float:
    settings = runtime.settings
    late_after = (
        settings.deadline_late_after_seconds if isinstance(settings, IncompanySettings) else 300.0
    )
    return await _scheduled_before(runtime, timedelta(seconds=late_after))


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
