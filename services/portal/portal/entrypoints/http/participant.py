"""A participant's pages (role participant, R-A7): my in-company trainings, the learning
platform's link once issued (R-I10), and the evaluation form from the day after the class
(R-I12), which the emailed invitation links to."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from contracts.identity import Role
from portal.domain.incompany import RATINGS
from portal.domain.people import Person
from portal.entrypoints.http.attempts import Failed, attempt, form_page
from portal.entrypoints.http.callers import ApiDep, with_roles
from portal.entrypoints.http.forms import key_of, read_form
from portal.entrypoints.http.pages import redirect, render, session_of
from portal.handlers import incompany

router = APIRouter(prefix="/trainings")

Participant = Depends(with_roles({Role.PARTICIPANT}))
FIELDS = (*(f"ratings.{name}" for name in RATINGS), "comment")


@router.get("")
async def trainings(request: Request, api: ApiDep, _: Person = Participant) -> Response:
    listed = await incompany.my_trainings(api, api.platform_time.now())
    return render(request, "participant/trainings.html", {"trainings": listed})


@router.get("/{participant_id}")
async def training(
    request: Request, participant_id: str, api: ApiDep, _: Person = Participant
) -> Response:
    """One training (the emails' link, docs/LINKS.md): its dates, class and platform links."""
    found = await incompany.my_training(api, participant_id, api.platform_time.now())
    return render(request, "participant/trainings.html", {"trainings": [found]})


async def _evaluation_page(
    request: Request,
    api: ApiDep,
    participant_id: str,
    fields: dict[str, str] | None = None,
    failed: Failed | None = None,
) -> Response:
    found = await incompany.my_training(api, participant_id, api.platform_time.now())
    return form_page(
        request,
        "participant/evaluation.html",
        {"training": found, "ratings": RATINGS},
        fields,
        failed,
    )


@router.get("/{participant_id}/evaluation")
async def evaluation(
    request: Request, participant_id: str, api: ApiDep, _: Person = Participant
) -> Response:
    return await _evaluation_page(request, api, participant_id)


@router.post("/{participant_id}/evaluation")
async def answer(
    request: Request, participant_id: str, api: ApiDep, _: Person = Participant
) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    body = {
        "ratings": {name: fields.get(f"ratings.{name}", "") for name in RATINGS},
        "comment": fields.get("comment", ""),
    }
    _, failed = await attempt(request, api.answer_evaluation(participant_id, body, key), FIELDS)
    if failed:
        return await _evaluation_page(request, api, participant_id, fields, failed)
    session_of(request).say("flash.evaluation_sent")
    return redirect("/trainings")
