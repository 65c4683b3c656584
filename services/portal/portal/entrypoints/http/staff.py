"""Staff pages for public sessions: the validation queue, overdue first (R-C2), validate
or reject; change requests to resolve (R-C5); invoicing an enrollment in one or several
parts (R-C4); enrollments taken by phone (R-A2); and, for admins, staff accounts.

With htmx, validating or rejecting swaps the queue's row in place; without
JavaScript the same forms post and come back to the queue (POST-redirect-GET).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from contracts.identity import Role
from portal.adapters.api import Refused, Unavailable
from portal.domain.formats import parse_amount
from portal.domain.people import VALIDATORS, Person
from portal.domain.problems import FieldError, Problem
from portal.entrypoints.http.callers import ApiDep, with_roles
from portal.entrypoints.http.forms import key_of, placed, problem_of, read_form
from portal.entrypoints.http.pages import language_of, redirect, render, session_of
from portal.handlers import staff

router = APIRouter(prefix="/staff")

Validator = Depends(with_roles(VALIDATORS))
Admin = Depends(with_roles({Role.ADMIN}))


@router.get("")
async def staff_home(_: Person = Validator) -> Response:
    return redirect("/staff/validations")


# --- validation queue (R-C2, R-C3) -------------------------------------------------------------


@router.get("/validations")
async def validations(request: Request, api: ApiDep, _: Person = Validator) -> Response:
    return render(
        request, "staff/validations.html", {"bookings": await staff.validation_queue(api)}
    )


@router.post("/validations/{booking_id}/validate")
async def validate(
    request: Request, booking_id: str, api: ApiDep, _: Person = Validator
) -> Response:
    fields = await read_form(request)
    return await _decide(request, api, booking_id, "validate", fields)


@router.post("/validations/{booking_id}/reject")
async def reject(request: Request, booking_id: str, api: ApiDep, _: Person = Validator) -> Response:
    fields = await read_form(request)
    return await _decide(request, api, booking_id, "reject", fields)


async def _decide(
    request: Request, api: ApiDep, booking_id: str, decision: str, fields: dict[str, str]
) -> Response:
    key = key_of(fields)
    htmx = request.headers.get("hx-request") == "true"
    try:
        if decision == "validate":
            booking = await api.validate_booking(booking_id, key)
        else:
            booking = await api.reject_booking(booking_id, fields.get("reason", ""), key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status in (401, 403):
            raise
        errors = placed(request, problem, ("reason",))
        if htmx:
            booking = await api.booking(booking_id)
            return render(
                request,
                "staff/_validation_row.html",
                {"b": booking, "row_errors": errors},
                status=200,
            )
        queue = await staff.validation_queue(api)
        return render(
            request,
            "staff/validations.html",
            {"bookings": queue, "failed": booking_id},
            errors=errors,
            status=problem.status,
        )
    if htmx:
        return render(request, "staff/_validation_row.html", {"b": booking, "row_errors": None})
    session_of(request).say(
        "flash.validated" if decision == "validate" else "flash.rejected",
        name=booking["trainee_name"],
    )
    return redirect("/staff/validations")


# --- change requests (R-C5) --------------------------------------------------------------------


@router.get("/change-requests")
async def change_requests(request: Request, api: ApiDep, _: Person = Validator) -> Response:
    return render(
        request, "staff/change_requests.html", {"requests": await staff.change_requests(api)}
    )


@router.post("/change-requests/{request_id}/resolve")
async def resolve(
    request: Request, request_id: str, api: ApiDep, _: Person = Validator
) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    body = {"outcome": fields.get("outcome", ""), "reason": fields.get("reason", "")}
    if fields.get("outcome") == "moved":
        body["target_session_id"] = fields.get("target_session_id") or None
    try:
        await api.resolve_change_request(request_id, body, key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status in (401, 403):
            raise
        listed = await staff.change_requests(api)
        errors = placed(request, problem, ("outcome", "reason", "target_session_id"))
        return render(
            request,
            "staff/change_requests.html",
            {"requests": listed, "failed": request_id},
            form=fields,
            errors=errors,
            status=problem.status,
        )
    session_of(request).say("flash.resolved")
    return redirect("/staff/change-requests")


# --- invoicing (R-C4) ---------------------------------------------------------------------------


@router.get("/enrollments/{booking_id}")
async def billing(
    request: Request, booking_id: str, api: ApiDep, _: Person = Validator
) -> Response:
    return render(request, "staff/billing.html", {"b": await staff.billing_of(api, booking_id)})


@router.post("/enrollments/{booking_id}/invoices")
async def invoice(
    request: Request, booking_id: str, api: ApiDep, _: Person = Validator
) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    typed = fields.get("amount", "").strip()
    amount = parse_amount(typed) if typed else None
    if typed and amount is None:
        found = await staff.billing_of(api, booking_id)
        errors = placed(
            request,
            INVALID_AMOUNT,
            ("amount", "payer_name", "payer_email"),
        )
        return render(
            request, "staff/billing.html", {"b": found}, form=fields, errors=errors, status=422
        )
    try:
        issued = await staff.invoice(
            api,
            booking_id,
            amount,
            fields.get("payer_name") or None,
            fields.get("payer_email") or None,
            key,
        )
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status in (401, 403):
            raise
        found = await staff.billing_of(api, booking_id)
        errors = placed(request, problem, ("amount", "payer_name", "payer_email"))
        return render(
            request,
            "staff/billing.html",
            {"b": found},
            form=fields,
            errors=errors,
            status=problem.status,
        )
    session_of(request).say("flash.invoiced", number=issued["number"])
    return redirect(f"/staff/enrollments/{booking_id}")


INVALID_AMOUNT = Problem(422, "invalid", errors=(FieldError("amount", "invalid_amount", ""),))
"""What the portal says of an amount it cannot read, before asking billing."""


# --- enrollment by phone (R-A2) -----------------------------------------------------------------


@router.get("/bookings/new")
async def phone_booking_page(request: Request, api: ApiDep, _: Person = Validator) -> Response:
    return render(
        request, "staff/phone_booking.html", {"choices": await staff.phone_booking_choices(api)}
    )


@router.post("/bookings/new")
async def phone_booking(request: Request, api: ApiDep, _: Person = Validator) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        bookings = await staff.book_by_phone(
            api,
            fields.get("session_id", ""),
            fields.get("full_name", ""),
            fields.get("email", ""),
            fields.get("company_id") or None,
            fields.get("language") or language_of(request),
            key,
        )
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status in (401, 403):
            raise
        errors = placed(
            request,
            problem,
            ("session_id", "full_name", "email", "company_id", "language"),
            aliases={
                "placed_for.email": "email",
                "placed_for.full_name": "full_name",
                "trainees.0.email": "email",
                "trainees.0.full_name": "full_name",
            },
        )
        return render(
            request,
            "staff/phone_booking.html",
            {"choices": await staff.phone_booking_choices(api)},
            form=fields,
            errors=errors,
            status=problem.status,
        )
    session_of(request).say("flash.phone_booked", email=fields.get("email", ""))
    return redirect(f"/staff/enrollments/{bookings[0]['id']}")


# --- staff accounts (admins) -------------------------------------------------------------------


@router.get("/team")
async def team(request: Request, _: Person = Admin) -> Response:
    return render(request, "staff/team.html")


@router.post("/team")
async def add_staff(request: Request, api: ApiDep, _: Person = Admin) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    body = {k: fields.get(k, "") for k in ("email", "full_name", "role", "language")}
    try:
        await api.create_staff(body, key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status in (401, 403):
            raise
        errors = placed(request, problem, ("email", "full_name", "role", "language"))
        return render(request, "staff/team.html", form=fields, errors=errors, status=problem.status)
    session_of(request).say("flash.staff_created", email=body["email"])
    return redirect("/staff/team")
