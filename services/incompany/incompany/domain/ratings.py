"""Evaluation answers (R-I12) and the group's aggregated results that HR sees. No I/O.

Each participant answers once, after the class and within `EVALUATION_WINDOW`:
a rating from 1 to 5 on each criterion, and a comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from incompany.domain.deadlines import EVALUATION_WINDOW
from incompany.domain.groups import CANCELLED
from incompany.domain.refusals import EvaluationClosed, EvaluationRefused

CRITERIA = ("content", "trainer", "organisation", "platform")
LOWEST, HIGHEST = 1, 5


@dataclass(frozen=True)
class Answer:
    ratings: Mapping[str, int]
    comment: str = ""


def check_may_answer(group_state: str, attended: bool | None) -> None:
    """Who may answer: a participant of a class that took place, unless recorded absent."""
    if group_state == CANCELLED:
        raise EvaluationClosed("evaluation: the class was cancelled")
    if attended is False:
        raise EvaluationClosed("evaluation: you were recorded absent from the class")


def check_answer(answer: Answer, *, now: datetime, ends_at: datetime) -> None:
    if now < ends_at:
        raise EvaluationRefused("evaluation: the form opens at the end of the class")
    if now >= ends_at + EVALUATION_WINDOW:
        raise EvaluationRefused("evaluation: the form is closed")
    for criterion in CRITERIA:
        value = answer.ratings.get(criterion)
        if not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
            raise EvaluationRefused(
                f"ratings.{criterion}: must be a whole number from {LOWEST} to {HIGHEST}"
            )
    unknown = set(answer.ratings) - set(CRITERIA)
    if unknown:
        raise EvaluationRefused(f"ratings.{sorted(unknown)[0]}: is not a criterion")


@dataclass(frozen=True)
class Results:
    participants: int
    """Active participants of the group: those invited to answer."""
    responses: int
    averages: dict[str, Decimal | None]
    """Per criterion, to 2 decimals; None while nobody answered."""
    distribution: dict[str, dict[int, int]]
    """Per criterion, how many answers gave each rating."""
    comments: list[str] = field(default_factory=list)


def aggregate(answers: Sequence[Answer], participants: int) -> Results:
    averages: dict[str, Decimal | None] = {}
    distribution: dict[str, dict[int, int]] = {}
    for criterion in CRITERIA:
        values = [a.ratings[criterion] for a in answers]
        distribution[criterion] = {r: values.count(r) for r in range(LOWEST, HIGHEST + 1)}
        averages[criterion] = (
            (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if values
            else None
        )
    comments = [a.comment.strip() for a in answers if a.comment.strip()]
    return Results(participants, len(answers), averages, distribution, comments)
