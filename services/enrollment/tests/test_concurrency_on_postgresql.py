"""Seats are never oversold, even under concurrent requests (R-C1), on PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from enrollment.entrypoints.scans import flag_overdue

pytestmark = pytest.mark.postgres


async def test_r_c1_50_concurrent_requests_for_the_last_10_seats_accept_exactly_10(
    start_enrollment, fresh_database
):
    enrollment = await start_enrollment(database_url=await fresh_database())
    course = await enrollment.course("PY-101", "1000.00")
    session = await enrollment.session(course["id"], seats=10)
    people = [enrollment.individual(f"p{i}@x.fr") for i in range(50)]

    answers = await asyncio.gather(
        *(
            enrollment.book(session["id"], headers, (f"P{i}", f"p{i}@x.fr"))
            for i, headers in enumerate(people)
        )
    )
    codes = sorted(a.status_code for a in answers)
    assert codes.count(201) == 10
    assert codes.count(409) == 40, [a.text for a in answers if a.status_code not in (201, 409)]
    assert (await enrollment.client.get(f"/sessions/{session['id']}")).json()["seats_left"] == 0
    assert len(await enrollment.published("enrollment.booking.requested.v1")) == 10


async def test_r_c2_two_instances_scanning_together_alert_once_per_request(
    start_enrollment, fresh_database
):
    url = await fresh_database()
    one = await start_enrollment(database_url=url)
    two = await start_enrollment(database_url=url)
    course = await one.course("PY-101", "1000.00")
    session = await one.session(course["id"], seats=40)
    for i in range(30):
        await one.book(session["id"], one.individual(f"p{i}@x.fr"), (f"P{i}", f"p{i}@x.fr"))
    for instance in (one, two):
        instance.clock.advance(timedelta(days=5))
    flagged = await asyncio.gather(
        *(flag_overdue(instance.runtime, batch_size=4) for instance in (one, two, one, two))
    )
    assert sum(flagged) == 30
    assert len(await one.published("enrollment.validation.overdue.v1")) == 30
