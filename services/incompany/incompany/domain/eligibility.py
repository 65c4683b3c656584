"""Whether a company may request an in-company course (R-I1, R-I2). No I/O.

Interpretation of R-I2 "submitted a training plan beforehand": the company
has a training plan for the year in which the desired period begins.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from incompany.domain.refusals import (
    CourseWithdrawn,
    NoTrainingPlan,
    RequestRefused,
    TooFewParticipants,
)


def check_request(
    *,
    expected_participants: int,
    minimum_participants: int,
    desired_from: date,
    desired_until: date,
    today: date,
    plan_years: Collection[int],
    course_active: bool,
) -> None:
    if not course_active:
        raise CourseWithdrawn("course_code: this course can no longer be requested")
    if desired_from.year not in plan_years:
        raise NoTrainingPlan(
            f"training_plan: your company has no training plan for {desired_from.year}; "
            "submit it before requesting in-company training (R-I2)"
        )
    if expected_participants < minimum_participants:
        raise TooFewParticipants(
            f"expected_participants: in-company training needs at least "
            f"{minimum_participants} participants (R-I2), got {expected_participants}"
        )
    if desired_from < today:
        raise RequestRefused("desired_from: the desired period cannot begin in the past")
    if desired_until < desired_from:
        raise RequestRefused("desired_until: the desired period ends before it begins")
