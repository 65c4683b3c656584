"""R-C5: what a change request may ask, and what customer service must say when declining."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from chassis.refusals import Invalid
from enrollment.domain.change_requests import check_move, check_resolution, requested_move
from enrollment.domain.refusals import OtherCourse, SessionStarted

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
CURRENT, OTHER = uuid4(), uuid4()


def test_r_c5_a_move_names_another_session_and_a_cancellation_none():
    assert requested_move("move", OTHER, CURRENT) == OTHER
    assert requested_move("cancel", None, CURRENT) is None
    with pytest.raises(Invalid, match="required to move"):
        requested_move("move", None, CURRENT)
    with pytest.raises(Invalid, match="current session"):
        requested_move("move", CURRENT, CURRENT)
    with pytest.raises(Invalid, match="only for a move"):
        requested_move("cancel", OTHER, CURRENT)


def test_r_c5_a_booking_moves_only_within_its_course_to_a_session_to_come():
    course = uuid4()
    check_move(course, course, NOW + timedelta(days=1), now=NOW)
    with pytest.raises(OtherCourse, match="same course"):
        check_move(course, uuid4(), NOW + timedelta(days=1), now=NOW)
    with pytest.raises(SessionStarted, match="already started"):
        check_move(course, course, NOW, now=NOW)


def test_r_c5_declining_needs_a_reason_the_customer_reads():
    check_resolution("cancelled", "")
    check_resolution("declined", "La session commence demain")
    with pytest.raises(Invalid, match="needs a reason") as refused:
        check_resolution("declined", "   ")
    assert refused.value.field == "reason"
