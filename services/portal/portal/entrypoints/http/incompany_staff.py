"""Staff's in-company pages: planning a request (R-I3: the trainer's availability, then
proposing dates), the HR attestations to approve or reject (R-A6), and every group with
its participants and deadlines.

Planners (and admins) plan; customer service (and admins) review attestations; office
staff see the groups. Dates are typed in Brussels wall-clock time.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.domain.incompany import brussels_instant
from portal.domain.people import ATTESTATION_REVIEWERS, OFFICE_STAFF, PLANNERS, Person
from portal.entrypoints.http.attempts import Failed, attempt, form_page, refused_field
from portal.entrypoints.http.callers import ApiDep, with_roles
from portal.entrypoints.http.forms import key_of, read_form
from portal.entrypoints.http.pages import redirect, render, session_of
from portal.handlers import incompany

router = APIRouter(prefix="/staff")

Planner = Depends(with_roles(PLANNERS))
Reviewer = Depends(with_roles(ATTESTATION_REVIEWERS))
Office = Depends(with_roles(OFFICE_STAFF))

SLOT_FIELDS = ("trainer_name", "starts_at", "ends_at")
OPTIONS = 2
"""How many options of dates the proposal form offers (the second one optional)."""
PROPOSAL_FIELDS = tuple(
    f"options.{n}.{end}" for n in range(OPTIONS) for end in ("starts_at", "ends_at")
)


# --- planning (R-I3) ---------------------------------------------------------------------------


@router.get("/incompany")
async def planning(request: Request, api: ApiDep, _: Person = Office) -> Response:
    listed = [r for r in await api.incompany_requests() if r["state"] != "confirmed"]
    return render(request, "staff/incompany_requests.html", {"requests": listed})


async def _request_page(
    request: Request,
    api: ApiDep,
    request_id: str,
    fields: dict[str, str] | None = None,
    failed: Failed | None = None,
) -> Response:
    found = await incompany.request_page(api, request_id, planner=True)
    context = {"r": found, "options": range(OPTIONS)}
    return form_page(request, "staff/incompany_request.html", context, fields, failed)


@router.get("/incompany/requests/{request_id}")
async def request_page(
    request: Request, request_id: str, api: ApiDep, _: Person = Planner
) -> Response:
    return await _request_page(request, api, request_id)


def _instants(
    request: Request, fields: dict[str, str], names: tuple[str, ...], every: tuple[str, ...]
):  # type: ignore[no-untyped-def]
    """The typed Brussels times as instants; a Failed on the first one that is no time."""
    found = {}
    for name in names:
        instant = brussels_instant(fields.get(name, ""))
        if instant is None:
            return None, refused_field(request, name, "invalid_instant", every)
        found[name] = instant.isoformat()
    return found, None


@router.post("/incompany/requests/{request_id}/availability")
async def record_availability(
    request: Request, request_id: str, api: ApiDep, _: Person = Planner
) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    times, failed = _instants(request, fields, ("starts_at", "ends_at"), SLOT_FIELDS)
    if times is not None:
        body = {"trainer_name": fields.get("trainer_name", ""), **times}
        _, failed = await attempt(
            request, api.record_availability(request_id, body, key), SLOT_FIELDS
        )
    if failed:
        return await _request_page(request, api, request_id, fields, failed)
    session_of(request).say("flash.availability_recorded")
    return redirect(f"/staff/incompany/requests/{request_id}")


@router.post("/incompany/requests/{request_id}/proposals")
async def propose(request: Request, request_id: str, api: ApiDep, _: Person = Planner) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    wanted = tuple(
        name for name in PROPOSAL_FIELDS if fields.get(name) or name.startswith("options.0.")
    )
    times, failed = _instants(request, fields, wanted, PROPOSAL_FIELDS)
    if times is not None:
        options = [
            {
                "sessions": [
                    {
                        "starts_at": times[f"options.{n}.starts_at"],
                        "ends_at": times[f"options.{n}.ends_at"],
                    }
                ]
            }
            for n in range(OPTIONS)
            if f"options.{n}.starts_at" in times and f"options.{n}.ends_at" in times
        ]
        aliases = {"options.0.sessions.0.starts_at": "options.0.starts_at"}
        call = api.propose_dates(request_id, {"options": options}, key)
        _, failed = await attempt(request, call, PROPOSAL_FIELDS, aliases)
    if failed:
        return await _request_page(request, api, request_id, fields, failed)
    session_of(request).say("flash.dates_proposed")
    return redirect(f"/staff/incompany/requests/{request_id}")


# --- attestations (R-A6) ----------------------------------------------------------------------


async def _attestations(request: Request, api: ApiDep, failed: Failed | None = None) -> Response:
    listed = await api.attestations("pending")
    return form_page(request, "staff/attestations.html", {"attestations": listed}, None, failed)


@router.get("/attestations")
async def attestations(request: Request, api: ApiDep, _: Person = Reviewer) -> Response:
    return await _attestations(request, api)


@router.get("/attestations/{attestation_id}/document")
async def attestation_document(attestation_id: str, api: ApiDep, _: Person = Reviewer) -> Response:
    found = await api.attestation_document(attestation_id)
    return Response(
        found.content,
        media_type=found.media_type,
        headers={"Content-Disposition": "attachment; filename=attestation"},
    )


@router.post("/attestations/{attestation_id}/{decision}")
async def review(
    request: Request, attestation_id: str, decision: str, api: ApiDep, _: Person = Reviewer
) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    if decision == "approve":
        call = api.approve_attestation(attestation_id, key)
    elif decision == "reject":
        call = api.reject_attestation(attestation_id, fields.get("reason", ""), key)
    else:
        return await _attestations(request, api)
    _, failed = await attempt(request, call, ("reason",))
    if failed:
        return await _attestations(request, api, failed)
    session_of(request).say(f"flash.attestation_{decision}d")
    return redirect("/staff/attestations")


# --- groups -----------------------------------------------------------------------------------


@router.get("/groups")
async def groups(request: Request, api: ApiDep, _: Person = Office) -> Response:
    context = {"groups": await api.groups(), "base": "/staff"}
    return render(request, "incompany/groups.html", context)


@router.get("/groups/{group_id}")
async def group(request: Request, group_id: str, api: ApiDep, _: Person = Office) -> Response:
    found = await incompany.group_page(api, group_id, api.platform_time.now())
    return render(request, "incompany/group.html", {"g": found, "hr": False})
