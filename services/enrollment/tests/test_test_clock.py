"""The platform's test clock in enrollment (issue 14): a move heard on the bus wakes the
overdue scan, which flags at once what is due by the new time; the move survives a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from chassis.consumers import handle_once
from contracts import Envelope
from contracts.platform import TestClockMovedV1
from testkit.services import wait_until

# Friday 3 April 2026, 17:00 in Paris; Monday 6 April is Easter Monday.
FRIDAY = datetime(2026, 4, 3, 15, tzinfo=UTC)


async def hear_the_clock_moved(runtime, offset: timedelta, times: int = 1) -> None:
    """Deliver `platform.test-clock.moved.v1` to the chassis's consumer, as the bus does."""
    [consumer] = [c for c in runtime.consumers if c.queue.event is TestClockMovedV1]
    event = TestClockMovedV1(
        offset_microseconds=offset // timedelta(microseconds=1),
        platform_time=FRIDAY + offset,
        moved_by=uuid4(),
    )
    envelope = Envelope.wrap(
        event, producer="accounts", occurred_at=FRIDAY, correlation_id="test-clock"
    )
    for _ in range(times):
        await handle_once(envelope, event, consumer, runtime)


async def test_a_move_makes_the_overdue_scan_flag_at_once(start_enrollment, tmp_path):
    enrollment = await start_enrollment(now=FRIDAY, test_clocks_enabled=True)
    course = await enrollment.course("PY-101", "1000.00")
    session = await enrollment.session(course["id"])
    [booking] = (
        await enrollment.book(session["id"], enrollment.individual("a@x.fr"), ("A", "a@x.fr"))
    ).json()
    assert booking["validation_due_at"] == "2026-04-07T15:00:00Z"  # 17:00 in Paris

    # The scan sleeps an hour between passes (overdue_scan_seconds); the move wakes it.
    await hear_the_clock_moved(enrollment.runtime, timedelta(days=4), times=2)
    assert enrollment.runtime.clock.now() == FRIDAY + timedelta(days=4)

    async def flagged() -> bool:
        return len(await enrollment.published("enrollment.validation.overdue.v1")) == 1

    await wait_until(flagged, timeout=5, message="the overdue flag, without waiting an hour")
    answer = await enrollment.client.get("/bookings/pending", headers=enrollment.staff())
    assert answer.headers["X-Test-Clock"] == "2026-04-07T15:00:00+00:00"
    assert [b["overdue"] for b in answer.json()["items"]] == [True]


async def test_a_smaller_offset_heard_late_changes_nothing(start_enrollment):
    enrollment = await start_enrollment(now=FRIDAY, test_clocks_enabled=True)
    await hear_the_clock_moved(enrollment.runtime, timedelta(days=2))
    await hear_the_clock_moved(enrollment.runtime, timedelta(days=1))
    assert enrollment.runtime.clock.now() == FRIDAY + timedelta(days=2)


async def test_without_test_clocks_a_move_is_ignored(start_enrollment):
    enrollment = await start_enrollment(now=FRIDAY)
    await hear_the_clock_moved(enrollment.runtime, timedelta(days=2))
    assert enrollment.runtime.clock.now() == FRIDAY
    answer = await enrollment.client.get("/health/live")
    assert "X-Test-Clock" not in answer.headers


async def test_the_moved_time_survives_a_restart(start_enrollment):
    first = await start_enrollment(now=FRIDAY, test_clocks_enabled=True)
    await hear_the_clock_moved(first.runtime, timedelta(days=10))
    second = await start_enrollment(now=FRIDAY, test_clocks_enabled=True)  # same database
    assert second.runtime.clock.now() == FRIDAY + timedelta(days=10)
