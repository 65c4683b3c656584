"""HR's in-company pages (role hr): the attestation of the terms of service (R-A6), requests
with their training plan (R-I1, R-I2), choosing among the proposed dates (R-I3), each
group's recap, participants until the cut-off (R-I7, R-I8: the national register number
checked as typed, shown masked after), its deadlines and evaluation results (R-I12).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import escape
from starlette.datastructures import UploadFile

from contracts.identity import Role
from portal.adapters.api import Upload
from portal.domain.incompany import MIN_PARTICIPANTS
from portal.domain.national_register import problem_with
from portal.domain.people import Person
from portal.domain.words import translate
from portal.entrypoints.http.attempts import Failed, attempt, form_page, refused_field
from portal.entrypoints.http.callers import ApiDep, with_roles
from portal.entrypoints.http.forms import key_of, read_form
from portal.entrypoints.http.pages import language_of, redirect, render, session_of
from portal.handlers import incompany

router = APIRouter(prefix="/hr")

Hr = Depends(with_roles({Role.HR}))
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

ATTESTATION_FIELDS = ("full_name", "position_title", "document")
REQUEST_FIELDS = (
    "course_code",
    "desired_from",
    "desired_until",
    "expected_participants",
    "hr_name",
    "comment",
    "plan_reference",
    "plan_document",
)
PARTICIPANT_FIELDS = ("full_name", "email", "national_register_number", "language")


async def _upload(request: Request, name: str) -> Upload | None:
    """The form's file `name`, or None when none was chosen."""
    data = await request.form()
    file = data.get(name)
    if not isinstance(file, UploadFile) or not file.filename:
        return None
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    return (file.filename, content, file.content_type or "application/octet-stream")


@router.get("")
async def hr_home(_: Person = Hr) -> Response:
    return redirect("/hr/groups")


# --- attestation (R-A6) -----------------------------------------------------------------------


async def _attestation_page(
    request: Request,
    api: ApiDep,
    fields: dict[str, str] | None = None,
    failed: Failed | None = None,
) -> Response:
    return form_page(
        request,
        "hr/attestation.html",
        {"attestation": await incompany.my_attestation(api)},
        fields,
        failed,
    )


@router.get("/attestation")
async def attestation(request: Request, api: ApiDep, _: Person = Hr) -> Response:
    return await _attestation_page(request, api)


@router.post("/attestation")
async def submit_attestation(request: Request, api: ApiDep, person: Person = Hr) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    document = await _upload(request, "document")
    if document is None:
        failed = refused_field(request, "document", "missing", ATTESTATION_FIELDS)
        return await _attestation_page(request, api, fields, failed)
    call = api.submit_attestation(
        fields.get("full_name", ""), fields.get("position_title", ""), document, key
    )
    _, failed = await attempt(request, call, ATTESTATION_FIELDS)
    if failed:
        return await _attestation_page(request, api, fields, failed)
    session_of(request).say("flash.attestation_sent")
    return redirect("/hr/attestation")


# --- requests (R-I1, R-I2, R-I3) --------------------------------------------------------------


@router.get("/requests")
async def requests(request: Request, api: ApiDep, _: Person = Hr) -> Response:
    return render(request, "hr/requests.html", {"requests": await api.incompany_requests()})


async def _request_form(
    request: Request,
    api: ApiDep,
    fields: dict[str, str] | None = None,
    failed: Failed | None = None,
) -> Response:
    return form_page(
        request,
        "hr/request_new.html",
        {"choices": await incompany.request_form(api), "minimum": MIN_PARTICIPANTS},
        fields,
        failed,
    )


@router.get("/requests/new")
async def new_request(request: Request, api: ApiDep, _: Person = Hr) -> Response:
    return await _request_form(request, api)


@router.post("/requests/new")
async def request_training(request: Request, api: ApiDep, person: Person = Hr) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    document = await _upload(request, "plan_document")
    plan = (fields.get("plan_reference") or document[0], document) if document else None
    body = {
        "course_code": fields.get("course_code", ""),
        "desired_from": fields.get("desired_from", ""),
        "desired_until": fields.get("desired_until", ""),
        "expected_participants": fields.get("expected_participants", ""),
        "hr_contact": {
            "email": person.email,
            "full_name": fields.get("hr_name") or person.full_name,
            "language": language_of(request),
        },
        "comment": fields.get("comment", ""),
    }
    aliases = {
        "hr_contact.full_name": "hr_name",
        "year": "desired_from",
        "document": "plan_document",
    }
    created, failed = await attempt(
        request, incompany.request_training(api, body, plan, key), REQUEST_FIELDS, aliases
    )
    if failed or created is None:
        return await _request_form(request, api, fields, failed)
    session_of(request).say("flash.request_sent")
    return redirect(f"/hr/requests/{created['id']}")


@router.get("/requests/{request_id}")
async def request_page(request: Request, request_id: str, api: ApiDep, _: Person = Hr) -> Response:
    return render(request, "hr/request.html", {"r": await incompany.request_page(api, request_id)})


@router.post("/requests/{request_id}/confirm")
async def confirm(request: Request, request_id: str, api: ApiDep, _: Person = Hr) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    call = api.confirm_dates(request_id, fields.get("proposal_id", ""), key)
    _, failed = await attempt(request, call, ("proposal_id",))
    if failed:
        found = await incompany.request_page(api, request_id)
        return render(
            request,
            "hr/request.html",
            {"r": found},
            errors=failed.errors,
            status=failed.status,
        )
    session_of(request).say("flash.dates_chosen")
    return redirect(f"/hr/requests/{request_id}")


# --- groups, participants (R-I5, R-I7, R-I8), deadlines, results (R-I12) ----------------------


@router.get("/groups")
async def groups(request: Request, api: ApiDep, _: Person = Hr) -> Response:
    return render(request, "incompany/groups.html", {"groups": await api.groups(), "base": "/hr"})


async def _group_page(
    request: Request,
    api: ApiDep,
    group_id: str,
    fields: dict[str, str] | None = None,
    failed: Failed | None = None,
) -> Response:
    now = api.platform_time.now()
    return form_page(
        request,
        "incompany/group.html",
        {"g": await incompany.group_page(api, group_id, now), "hr": True},
        fields,
        failed,
    )


@router.get("/groups/{group_id}")
async def group(request: Request, group_id: str, api: ApiDep, _: Person = Hr) -> Response:
    return await _group_page(request, api, group_id)


@router.post("/groups/{group_id}/participants")
async def add_participant(request: Request, group_id: str, api: ApiDep, _: Person = Hr) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    wrong = problem_with(fields.get("national_register_number", ""))
    if wrong:
        failed = refused_field(request, "national_register_number", wrong, PARTICIPANT_FIELDS)
        return await _group_page(request, api, group_id, fields, failed)
    body = {name: fields.get(name, "") for name in PARTICIPANT_FIELDS}
    body["language"] = body["language"] or language_of(request)
    _, failed = await attempt(request, api.add_participant(group_id, body, key), PARTICIPANT_FIELDS)
    if failed:
        return await _group_page(request, api, group_id, fields, failed)
    session_of(request).say("flash.participant_added", name=body["full_name"])
    return redirect(f"/hr/groups/{group_id}")


@router.post("/groups/{group_id}/participants/{participant_id}/cancel")
async def cancel_participant(
    request: Request, group_id: str, participant_id: str, api: ApiDep, _: Person = Hr
) -> Response:
    await read_form(request)
    _, failed = await attempt(request, api.cancel_participant(group_id, participant_id), ())
    if failed:
        return await _group_page(request, api, group_id, None, failed)
    session_of(request).say("flash.participant_cancelled")
    return redirect(f"/hr/groups/{group_id}")


@router.post("/national-register-number")
async def check_number(request: Request, _: Person = Hr) -> HTMLResponse:
    """htmx, as HR types: what is wrong with the number, or that it is valid (R-I8)."""
    fields = await read_form(request)
    wrong = problem_with(fields.get("national_register_number", ""))
    words = translate(language_of(request), wrong or "nrn.valid")
    tone = "error" if wrong else "hint valid"
    return HTMLResponse(f'<p class="{tone}" id="nrn-check">{escape(words)}</p>')
