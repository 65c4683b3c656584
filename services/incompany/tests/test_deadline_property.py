"""Property (hypothesis) of the deadline engine over random groups, on the real service:
whatever the start date (daylight-saving changes of Europe/Brussels included), whether the
class moves and whether the customer cancels, every deadline fires once, at its Brussels
wall-clock instant (R-I6, R-I7, R-I9, R-I10, R-I12, R-I15), or late at the move that made
it due, and never once its group is cancelled (R-I13)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from incompany.adapters.tables import Deadline
from incompany.domain.brussels_time import BRUSSELS

EVENT_OF = {
    "participant_reminder": "incompany.group.participant-reminder-due.v1",
    "definitive_confirmation": "incompany.group.definitively-confirmed.v1",
    "platform_link": "incompany.platform-link.issued.v1",
    "participant_cutoff": "incompany.group.participant-list-missing.v1",
    "evaluation_invitation": "incompany.evaluation.invited.v1",
}


def wall_instant(day: date, at: time) -> datetime:
    """The instant the Brussels clock shows `at` on `day`; a skipped time moves forward.

    Through UTC: Python's arithmetic and `astimezone` on a datetime already in
    Brussels time work on the wall clock and would keep a time that does not exist.
    """
    return datetime.combine(day, at).replace(tzinfo=BRUSSELS, fold=0).astimezone(UTC)


def expected_due(kind: str, start: datetime, end: datetime) -> datetime:
    """Written independently of `deadlines.py`: whole days on the Brussels calendar."""
    s, e = start.astimezone(BRUSSELS), end.astimezone(BRUSSELS)
    days = {
        "participant_reminder": (s, -21),
        "definitive_confirmation": (s, -15),
        "platform_link": (s, -14),  # 15 days before, then the same time the next day
        "participant_cutoff": (s, -3),
        "evaluation_invitation": (e, 1),
    }
    anchor, shift = days[kind]
    due = wall_instant(anchor.date() + timedelta(days=shift), anchor.time())
    shown = due.astimezone(BRUSSELS).time()
    skipped = due.month == 3 and shown.hour == anchor.hour + 1  # 02:xx does not exist that day
    assert shown == anchor.time() or skipped
    return due


# Start dates around both DST changes (late March, late October) and anywhere else.
DAYS = st.one_of(
    st.dates(min_value=date(2027, 3, 20), max_value=date(2027, 4, 25)),
    st.dates(min_value=date(2027, 10, 15), max_value=date(2027, 11, 25)),
    st.dates(min_value=date(2028, 3, 18), max_value=date(2028, 4, 20)),
    st.dates(min_value=date(2027, 1, 1), max_value=date(2029, 12, 31)),
)
TIMES = st.builds(time, st.integers(0, 20), st.sampled_from([0, 15, 30, 45]))


@pytest.mark.timeout(600)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Each example runs the service through months of deadlines: no shrinking, the
    # failing example is reported as found.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    day=DAYS,
    at=TIMES,
    hours=st.integers(1, 8),
    participants=st.integers(0, 2),
    move=st.one_of(st.none(), st.tuples(st.floats(0, 1), st.integers(-50, 90), TIMES)),
    cancel=st.one_of(st.none(), st.floats(0, 1)),
)
async def test_every_deadline_fires_once_at_its_local_instant_never_when_cancelled(
    incompany, day, at, hours, participants, move, cancel
):
    start = wall_instant(day, at)
    end = start + timedelta(hours=hours)  # elapsed hours: the instants are in UTC
    t0 = start - timedelta(days=60)
    incompany.clock.set(t0)
    company, group = await incompany.group(None, start, end)
    gid = group["id"]
    await incompany.approve_hr(company)
    people = [
        (await incompany.add(company, gid, n)).json()["id"] for n in range(1, participants + 1)
    ]

    moved_at, new_start, new_end = None, start, end
    if move is not None:
        fraction, shift, new_time = move
        moved_at = t0 + (start - timedelta(days=4) - t0) * fraction
        new_start = wall_instant(start.date() + timedelta(days=shift), new_time)
        new_end = new_start + timedelta(hours=hours)
        # staff may move a class only to a date whose participant list is still open (R-I7)
        assume(expected_due("participant_cutoff", new_start, new_end) > moved_at)
    cancelled_at = None
    if cancel is not None:
        first = moved_at or t0
        cancelled_at = first + (new_start - timedelta(minutes=1) - first) * cancel

    subjects = ["group"] * 3 + people * 2
    kinds = (
        ["participant_reminder", "definitive_confirmation", "participant_cutoff"]
        + ["platform_link"] * len(people)
        + ["evaluation_invitation"] * len(people)
    )
    rows = list(zip(kinds, subjects, strict=True))

    def settles_at(kind: str) -> datetime:
        old = expected_due(kind, start, end)
        if moved_at is None or old <= moved_at:
            return old
        return max(expected_due(kind, new_start, new_end), moved_at)

    checkpoints = {settles_at(k) for k, _ in rows}
    checkpoints |= {expected_due(k, start, end) for k, _ in rows}
    checkpoints |= {expected_due(k, new_start, new_end) for k, _ in rows}
    checkpoints |= {moved_at, cancelled_at, max(end, new_end) + timedelta(days=31)}
    for instant in sorted(c for c in checkpoints if c is not None and c >= t0):
        await incompany.at(instant)
        if instant == moved_at:
            answer = await incompany.client.put(
                f"/groups/{gid}/schedule",
                json={"starts_at": new_start.isoformat(), "ends_at": new_end.isoformat()},
                headers=incompany.staff(),
            )
            assert answer.status_code == 200, answer.text
            await incompany.scan()  # what the move made due fires now, late
        if instant == cancelled_at:
            answer = await incompany.client.post(
                f"/groups/{gid}/cancel", json={}, headers=company.hr
            )
            assert answer.status_code == 200, answer.text

    async with incompany.runtime.db.sessions() as session:
        stored = {
            (d.kind, d.subject): d
            for d in await session.scalars(select(Deadline).where(Deadline.group_id == UUID(gid)))
        }
    assert len(stored) == len(rows)
    expected_events: Counter = Counter()
    for kind, subject in rows:
        row = stored[(kind, subject if subject == "group" else str(subject))]
        when = settles_at(kind)
        if cancelled_at is not None and when > cancelled_at:
            assert (row.state, row.fired_at) == ("cancelled", None), (kind, when)
            continue
        assert row.state == "done", (kind, row.state, when)
        assert row.fired_at == when, (kind, row.fired_at, when)
        if kind != "participant_cutoff" or not people:
            expected_events[EVENT_OF[kind]] += 1
    for name in EVENT_OF.values():
        published = [e for e in await incompany.events(name) if e["group"]["group_id"] == gid]
        assert len(published) == expected_events[name], name
