"""The chain of deadlines of a group, computed on the Brussels wall clock (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from incompany.domain.brussels_time import BRUSSELS, at_wall_time, shift_on_wall_clock
from incompany.domain.deadlines import (
    DeadlineKind,
    Delays,
    Verdict,
    due_at,
    participant_cutoff,
    participants_open,
    too_late_from,
    verdict,
)

DELAYS = Delays()
K = DeadlineKind


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


START = brussels(2027, 4, 12, 9, 0)  # a Monday in summer time
END = brussels(2027, 4, 12, 12, 30)


def due(kind: DeadlineKind, start: datetime = START, end: datetime = END) -> datetime:
    return due_at(kind, start, end, DELAYS)


def test_r_i6_the_reminder_is_21_days_before_at_the_local_time_of_the_start_across_dst():
    # 22 March 2027 is winter time (UTC+1), 12 April summer time (UTC+2).
    assert due(K.PARTICIPANT_REMINDER) == brussels(2027, 3, 22, 9, 0)
    assert due(K.PARTICIPANT_REMINDER) == datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
    assert START - due(K.PARTICIPANT_REMINDER) == timedelta(days=21, hours=-1)


def test_r_i9_the_definitive_confirmation_is_15_days_before_the_start():
    assert due(K.DEFINITIVE_CONFIRMATION) == brussels(2027, 3, 28, 9, 0)  # DST day itself


def test_r_i10_the_platform_link_is_the_same_local_time_the_day_after_the_confirmation():
    assert due(K.PLATFORM_LINK) == brussels(2027, 3, 29, 9, 0)


def test_r_i7_the_participant_cutoff_is_3_days_before_the_start():
    assert due(K.PARTICIPANT_CUTOFF) == brussels(2027, 4, 9, 9, 0)
    assert participant_cutoff(START, DELAYS) == due(K.PARTICIPANT_CUTOFF)


def test_r_i12_the_evaluation_invitation_is_the_day_after_the_end():
    assert due(K.EVALUATION_INVITATION) == brussels(2027, 4, 13, 12, 30)


def test_autumn_dst_keeps_the_local_time_too():
    start = brussels(2027, 11, 8, 14, 0)  # winter time; 31 October 2027 ends summer time
    end = brussels(2027, 11, 8, 17, 0)
    assert due(K.PARTICIPANT_REMINDER, start, end) == brussels(2027, 10, 18, 14, 0)
    assert due(K.PARTICIPANT_REMINDER, start, end) == datetime(2027, 10, 18, 12, tzinfo=UTC)


def test_a_wall_time_skipped_by_dst_moves_forward_by_the_gap():
    # 28 March 2027 02:30 does not exist in Brussels: it is 03:30 summer time.
    assert at_wall_time(datetime(2027, 3, 28, 2, 30)) == brussels(2027, 3, 28, 3, 30)


def test_a_wall_time_repeated_by_dst_is_its_first_occurrence():
    first = at_wall_time(datetime(2027, 10, 31, 2, 30))
    assert first == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_r_i7_a_participant_can_be_added_until_just_before_the_cutoff_and_not_2_days_before():
    cutoff = participant_cutoff(START, DELAYS)
    assert participants_open(cutoff - timedelta(seconds=1), START, DELAYS)
    assert not participants_open(cutoff, START, DELAYS)
    assert not participants_open(shift_on_wall_clock(START, days=-2), START, DELAYS)


def test_delays_are_configuration():
    delays = Delays(reminder_days=28, cutoff_days=5)
    assert due_at(K.PARTICIPANT_REMINDER, START, END, delays) == brussels(2027, 3, 15, 9, 0)
    assert due_at(K.PARTICIPANT_CUTOFF, START, END, delays) == brussels(2027, 4, 7, 9, 0)


def judge(kind: DeadlineKind, now: datetime, **flags: bool) -> Verdict:
    return verdict(
        kind,
        now=now,
        due=due(kind),
        starts_at=START,
        ends_at=END,
        delays=DELAYS,
        **flags,
    )


def test_a_deadline_does_not_fire_before_it_is_due_and_fires_from_then_on():
    for kind in K:
        assert judge(kind, due(kind) - timedelta(seconds=1)) is Verdict.NOT_YET
        assert judge(kind, due(kind)) is Verdict.FIRE


def test_a_late_deadline_still_fires_while_it_makes_sense_then_is_missed():
    cutoff = due(K.PARTICIPANT_CUTOFF)
    assert judge(K.PARTICIPANT_REMINDER, cutoff - timedelta(minutes=1)) is Verdict.FIRE
    assert judge(K.PARTICIPANT_REMINDER, cutoff) is Verdict.MISSED
    assert judge(K.DEFINITIVE_CONFIRMATION, START - timedelta(minutes=1)) is Verdict.FIRE
    assert judge(K.DEFINITIVE_CONFIRMATION, START) is Verdict.MISSED
    assert judge(K.PLATFORM_LINK, END - timedelta(minutes=1)) is Verdict.FIRE
    assert judge(K.PLATFORM_LINK, END) is Verdict.MISSED
    assert judge(K.EVALUATION_INVITATION, END + timedelta(days=29)) is Verdict.FIRE
    assert judge(K.EVALUATION_INVITATION, END + timedelta(days=30)) is Verdict.MISSED


def test_r_i15_the_cutoff_check_is_never_missed_however_late():
    assert too_late_from(K.PARTICIPANT_CUTOFF, START, END, DELAYS) is None
    assert judge(K.PARTICIPANT_CUTOFF, END + timedelta(days=365)) is Verdict.FIRE


def test_nothing_fires_for_a_cancelled_group_or_participant_or_an_absent_one():
    late = END + timedelta(days=2)
    for kind in K:
        assert judge(kind, late, group_cancelled=True) is Verdict.CANCELLED
    assert judge(K.PLATFORM_LINK, START, participant_cancelled=True) is Verdict.CANCELLED
    assert judge(K.EVALUATION_INVITATION, late, participant_absent=True) is Verdict.CANCELLED


# Property: over any start date (DST transitions included), every deadline keeps the
# local wall-clock time of its anchor, so DST never shifts it by an hour.

ANCHORS = st.datetimes(
    min_value=datetime(2026, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.just(UTC),
)
DST_ANCHORS = st.builds(
    lambda year, month, day, minutes: brussels(year, month, day, 0, 0) + timedelta(minutes=minutes),
    st.integers(2026, 2035),
    st.sampled_from([3, 4, 10, 11]),
    st.integers(1, 28),
    st.integers(0, 24 * 60 - 1),
)


def wall(instant: datetime) -> datetime:
    return instant.astimezone(BRUSSELS).replace(tzinfo=None)


@settings(max_examples=500, deadline=None)
@given(start=st.one_of(ANCHORS, DST_ANCHORS), hours=st.integers(1, 8))
def test_every_deadline_is_at_its_local_instant_whatever_the_dst(start, hours):
    """R-I6, R-I7, R-I9, R-I10, R-I12 with Europe/Brussels wall-clock arithmetic."""
    end = start + timedelta(hours=hours)
    expected_walls = {
        K.PARTICIPANT_REMINDER: wall(start) - timedelta(days=21),
        K.DEFINITIVE_CONFIRMATION: wall(start) - timedelta(days=15),
        K.PLATFORM_LINK: wall(start) - timedelta(days=14),
        K.PARTICIPANT_CUTOFF: wall(start) - timedelta(days=3),
        K.EVALUATION_INVITATION: wall(end) + timedelta(days=1),
    }
    for kind, expected in expected_walls.items():
        instant = due_at(kind, start, end, DELAYS)
        assert instant.tzinfo is not None
        shown = wall(instant)
        if shown != expected:
            # Only a wall time skipped by the spring change may differ: one hour later.
            assert shown - expected == timedelta(hours=1), (kind, start)
            assert expected.month == 3
        assert (
            verdict(
                kind,
                now=instant,
                due=instant,
                starts_at=start,
                ends_at=end,
                delays=DELAYS,
                group_cancelled=False,
            )
            is Verdict.FIRE
        )
