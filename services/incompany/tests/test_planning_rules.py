"""R-I2 eligibility of a request, R-I3 planning, R-I4 recap lines, R-I11 class links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from incompany.domain.brussels_time import BRUSSELS
from incompany.domain.class_links import checked, from_template
from incompany.domain.deadlines import Delays
from incompany.domain.eligibility import check_request
from incompany.domain.planning import Session, Slot, check_option, check_slot
from incompany.domain.recap import group_reference, project_number, recap_line
from incompany.domain.refusals import InvalidClassLink, PlanningRefused, RequestRefused


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


NOW = brussels(2027, 1, 10, 9, 0)
TODAY = date(2027, 1, 10)


def request(**overrides):
    values = {
        "expected_participants": 8,
        "minimum_participants": 6,
        "desired_from": date(2027, 3, 1),
        "desired_until": date(2027, 3, 31),
        "today": TODAY,
        "plan_years": {2027},
        "course_active": True,
    }
    values.update(overrides)
    check_request(**values)


def test_r_i2_a_request_with_a_plan_and_8_participants_is_accepted():
    request()


def test_r_i2_a_request_with_5_participants_is_refused_saying_the_minimum():
    with pytest.raises(RequestRefused) as refused:
        request(expected_participants=5)
    assert str(refused.value) == (
        "expected_participants: in-company training needs at least 6 participants (R-I2), got 5"
    )


def test_r_i2_a_request_without_a_training_plan_for_its_year_is_refused():
    with pytest.raises(RequestRefused, match=r"^training_plan: .* no training plan for 2027"):
        request(plan_years={2026})


def test_a_desired_period_in_the_past_or_reversed_is_refused():
    with pytest.raises(RequestRefused, match=r"^desired_from: "):
        request(desired_from=date(2027, 1, 9))
    with pytest.raises(RequestRefused, match=r"^desired_until: "):
        request(desired_until=date(2027, 2, 28))


SLOT = Slot(brussels(2027, 3, 3, 8, 0), brussels(2027, 3, 3, 17, 0), "Tina Trainer")
PERIOD = {"desired_from": date(2027, 3, 1), "desired_until": date(2027, 3, 31)}


def test_r_i3_availability_must_lie_in_the_desired_period_and_the_future():
    check_slot(SLOT, now=NOW, **PERIOD)
    outside = Slot(brussels(2027, 4, 1, 8, 0), brussels(2027, 4, 1, 17, 0), "Tina Trainer")
    with pytest.raises(PlanningRefused, match=r"^starts_at: .* outside the desired period"):
        check_slot(outside, now=NOW, **PERIOD)
    with pytest.raises(PlanningRefused, match=r"^ends_at: "):
        check_slot(Slot(SLOT.ends_at, SLOT.starts_at, "x"), now=NOW, **PERIOD)


def test_r_i3_a_proposed_session_must_be_within_the_trainers_availability():
    inside = Session(brussels(2027, 3, 3, 9, 0), brussels(2027, 3, 3, 12, 30))
    assert check_option([inside], [SLOT], now=NOW, delays=Delays(), **PERIOD) == [SLOT]
    late = Session(brussels(2027, 3, 3, 15, 0), brussels(2027, 3, 3, 18, 0))
    with pytest.raises(PlanningRefused) as refused:
        check_option([inside, late], [SLOT], now=NOW, delays=Delays(), **PERIOD)
    assert str(refused.value) == (
        "sessions[1]: 03/03/2027 15:00-18:00 is not within the trainer's recorded availability"
    )


def test_r_i3_two_sessions_of_one_trainer_cannot_overlap():
    a = Session(brussels(2027, 3, 3, 9, 0), brussels(2027, 3, 3, 12, 0))
    b = Session(brussels(2027, 3, 3, 11, 0), brussels(2027, 3, 3, 14, 0))
    with pytest.raises(PlanningRefused, match=r"^sessions: two sessions of Tina Trainer overlap"):
        check_option([a, b], [SLOT], now=NOW, delays=Delays(), **PERIOD)


def test_r_i7_a_session_too_close_to_enter_participants_cannot_be_proposed():
    soon = Slot(NOW + timedelta(days=1), NOW + timedelta(days=2), "Tina Trainer")
    session = Session(NOW + timedelta(days=2, hours=-4), NOW + timedelta(days=2, hours=-1))
    with pytest.raises(PlanningRefused, match=r"^sessions\[0\]: starts too soon"):
        check_option(
            [session],
            [soon],
            now=NOW,
            delays=Delays(),
            desired_from=date(2027, 1, 1),
            desired_until=date(2027, 1, 31),
        )


def test_r_i4_the_recap_line_is_project_group_title_date_time_in_brussels_time():
    project = project_number(2027, 3)
    line = recap_line(
        project, 1, "Excel avancé", brussels(2027, 3, 3, 9, 0), brussels(2027, 3, 3, 12, 30)
    )
    assert line == "IC2027-0003/01 - Excel avancé - 03/03/2027 - 09:00-12:30"
    assert group_reference(project, 1) == "IC2027-0003-01"


def test_r_i11_a_class_link_comes_from_the_template_or_is_set_by_staff():
    group_id = UUID(int=7)
    link = from_template(
        "https://learn.example/class/{group_reference}",
        group_reference="IC2027-0003-01",
        group_id=group_id,
        project_number="IC2027-0003",
    )
    assert link == "https://learn.example/class/IC2027-0003-01"
    assert from_template("", group_reference="x", group_id=group_id, project_number="y") is None
    assert checked(" https://meet.example/abc ") == "https://meet.example/abc"
    with pytest.raises(InvalidClassLink, match=r"^class_link: "):
        checked("javascript:alert(1)")
