"""Operators see due and late deadlines on /metrics, and both drop to 0 once fired."""

from __future__ import annotations

import re
from datetime import datetime, timedelta


def gauge(text: str, name: str) -> float:
    [value] = re.findall(rf"^{name} (\S+)$", text, flags=re.MULTILINE)
    return float(value)


async def test_due_and_late_deadlines_show_on_metrics_until_the_scan_fires_them(incompany):
    _, group = await incompany.group()
    before = (await incompany.client.get("/metrics")).text
    assert gauge(before, "incompany_deadlines_due") == 0

    deadlines = await incompany.client.get(
        f"/groups/{group['id']}/deadlines", headers=incompany.staff()
    )
    first_due = min(d["due_at"] for d in deadlines.json()["items"])
    incompany.clock.set(datetime.fromisoformat(first_due) + timedelta(seconds=1))
    due = (await incompany.client.get("/metrics")).text
    assert gauge(due, "incompany_deadlines_due") == 1
    assert gauge(due, "incompany_deadlines_late") == 0

    incompany.clock.advance(timedelta(minutes=10))
    late = (await incompany.client.get("/metrics")).text
    assert gauge(late, "incompany_deadlines_late") == 1

    assert await incompany.scan() >= 1
    after = (await incompany.client.get("/metrics")).text
    assert gauge(after, "incompany_deadlines_due") == 0
    assert gauge(after, "incompany_deadlines_late") == 0
