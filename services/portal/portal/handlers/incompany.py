"""What HR, participants and the staff's planners do in the in-company pages: gather what
a page shows from the in-company API, and send what a form asks (R-A6, R-I1 to R-I12)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portal.adapters.api import Api, Refused, Upload
from portal.domain.incompany import (
    DeadlineLine,
    deadline_lines,
    evaluation_open,
    evaluation_opens,
    participants_open,
)


async def my_attestation(api: Api) -> dict[str, Any] | None:
    """HR's latest attestation (R-A6), None before the first."""
    try:
        return await api.my_attestation()
    except Refused as refused:
        if refused.problem.status != 404:
            raise
        return None


@dataclass(frozen=True)
class RequestForm:
    courses: list[dict[str, Any]]
    plans: list[dict[str, Any]]


async def request_form(api: Api) -> RequestForm:
    courses, plans = await asyncio.gather(api.incompany_courses(), api.training_plans())
    return RequestForm(courses, plans)


async def request_training(
    api: Api, body: dict[str, Any], plan: tuple[str, Upload] | None, key: str
) -> dict[str, Any]:
    """R-I2: the year's training plan first when one is sent with the request, then the
    request (which incompany refuses without a plan for its year)."""
    if plan is not None:
        reference, document = plan
        year = str(body["desired_from"])[:4]
        plan_key = str(uuid.uuid5(uuid.UUID(key), "training-plan"))
        await api.submit_training_plan(year, reference, document, plan_key)
    return await api.request_training(body, key)


@dataclass(frozen=True)
class RequestPage:
    request: dict[str, Any]
    groups: list[dict[str, Any]]
    availability: list[dict[str, Any]] = field(default_factory=list)


async def request_page(api: Api, request_id: str, *, planner: bool = False) -> RequestPage:
    found, groups = await asyncio.gather(
        api.incompany_request(request_id), api.groups(request_id=request_id)
    )
    slots = await api.availability(request_id) if planner else []
    return RequestPage(found, groups, slots)


@dataclass(frozen=True)
class GroupPage:
    group: dict[str, Any]
    participants: list[dict[str, Any]]
    deadlines: list[DeadlineLine]
    """One line per deadline, the participants it concerns named (the removed ones too)."""
    results: dict[str, Any] | None
    answers: list[dict[str, Any]]
    open: bool


async def group_page(api: Api, group_id: str, now: datetime) -> GroupPage:
    """The recap, participants (numbers masked), deadlines and evaluation results."""
    group, everyone, deadlines, results, answers = await asyncio.gather(
        api.group(group_id),
        api.participants(group_id, include_cancelled=True),
        api.deadlines(group_id),
        api.evaluation_results(group_id),
        api.evaluation_answers(group_id),
    )
    return GroupPage(
        group,
        [p for p in everyone if p.get("state") != "cancelled"],
        deadline_lines(deadlines, everyone),
        results if results.get("responses") else None,
        [a for a in answers if a.get("comment")],
        participants_open(group, now),
    )


@dataclass(frozen=True)
class Training:
    participation: dict[str, Any]
    evaluation_open: bool
    evaluation_opens: Any


async def my_trainings(api: Api, now: datetime) -> list[Training]:
    return [
        Training(p, evaluation_open(p, now), evaluation_opens(p["ends_at"]))
        for p in await api.my_participations()
    ]


async def my_training(api: Api, participant_id: str, now: datetime) -> Training:
    p = await api.my_participation(participant_id)
    return Training(p, evaluation_open(p, now), evaluation_opens(p["ends_at"]))
