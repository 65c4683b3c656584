"""Pages of a customer (an individual, or a company's enrollment manager): booking, their
enrollments with status, deadline and history (R-A4, R-C4), change requests (R-C5),
invoices and credit notes with their PDFs, agreement prices (R-B2), and their account
(R-A5: change of login email, with its warning)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from contracts.identity import Role
from portal.adapters.api import Refused, Unavailable
from portal.domain.people import BILLED, CUSTOMERS, Person
from portal.entrypoints.http.callers import ApiDep, PersonDep, with_roles
from portal.entrypoints.http.forms import key_of, placed, problem_of, read_form, without_secrets
from portal.entrypoints.http.pages import redirect, render, session_of
from portal.handlers import anyone, customer

router = APIRouter()

MAX_TRAINEES = 50


# --- booking (R-C1) -----------------------------------------------------------------------------


def _trainees(fields: dict[str, str], rows: int) -> list[dict[str, str]]:
    listed = []
    for row in range(rows):
        name = fields.get(f"trainees.{row}.full_name", "").strip()
        email = fields.get(f"trainees.{row}.email", "").strip()
        if name or email or row == 0:
            listed.append({"full_name": name, "email": email})
    return listed


@router.post("/sessions/{session_id}/book")
async def book(
    request: Request,
    session_id: str,
    api: ApiDep,
    person: Person = Depends(with_roles(CUSTOMERS)),  # noqa: B008
) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        rows = max(1, min(MAX_TRAINEES, int(fields.get("rows", "1"))))
    except ValueError:
        rows = 1
    if not person.manages_company_enrollments:
        rows = 1  # an individual enrolls only themself
        fields["trainees.0.full_name"] = person.full_name
        fields["trainees.0.email"] = person.email
    if "add_row" in fields and rows < MAX_TRAINEES:
        found = await anyone.session(api, session_id)
        return render(
            request,
            "anyone/session.html",
            {"session": found, "may_book": True, "rows": rows + 1, "key": key},
            form=fields,
        )
    trainees = _trainees(fields, rows)
    try:
        bookings = await customer.book(
            api, session_id, trainees, fields.get("placed_by_name") or person.full_name, key
        )
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        found = await anyone.session(api, session_id)
        names = ["placed_by_name", "session_id", "trainees"]
        for row in range(rows):
            names += [f"trainees.{row}.full_name", f"trainees.{row}.email", f"trainees.{row}"]
        return render(
            request,
            "anyone/session.html",
            {"session": found, "may_book": True, "rows": rows},
            form=fields,
            errors=placed(request, problem, names),
            status=problem.status,
        )
    session_of(request).say("flash.booked", count=len(bookings))
    if len(bookings) == 1:
        return redirect(f"/enrollments/{bookings[0]['id']}")
    return redirect("/enrollments")


# --- enrollments (R-A4, R-C4, R-C5) -------------------------------------------------------------


@router.get("/enrollments")
async def enrollments(request: Request, api: ApiDep, _: PersonDep) -> Response:
    return render(
        request, "customer/enrollments.html", {"bookings": await customer.enrollments(api)}
    )


@router.get("/enrollments/{booking_id}")
async def enrollment(request: Request, booking_id: str, api: ApiDep, _: PersonDep) -> Response:
    found = await customer.enrollment(api, booking_id)
    return render(request, "customer/enrollment.html", {"e": found})


@router.post("/enrollments/{booking_id}/change-requests")
async def ask_for_change(request: Request, booking_id: str, api: ApiDep, _: PersonDep) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        await customer.ask_for_change(
            api,
            booking_id,
            fields.get("kind", ""),
            fields.get("message", ""),
            fields.get("target_session_id") or None,
            key,
        )
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status in (401, 403, 404):
            raise
        found = await customer.enrollment(api, booking_id)
        errors = placed(request, problem, ("kind", "message", "target_session_id"))
        return render(
            request,
            "customer/enrollment.html",
            {"e": found},
            form=fields,
            errors=errors,
            status=problem.status,
        )
    session_of(request).say("flash.change_requested")
    return redirect(f"/enrollments/{booking_id}")


# --- invoices and credit notes ------------------------------------------------------------------


@router.get("/invoices")
async def invoices(
    request: Request,
    api: ApiDep,
    _: Person = Depends(with_roles(BILLED)),  # noqa: B008
) -> Response:
    return render(request, "customer/invoices.html", {"docs": await customer.documents(api)})


@router.get("/invoices/{invoice_id}")
async def invoice(request: Request, invoice_id: str, api: ApiDep, _: PersonDep) -> Response:
    found = await customer.invoice(api, invoice_id)
    return render(request, "customer/invoice.html", {"found": found})


@router.get("/invoices/{invoice_id}/pdf")
async def invoice_pdf(invoice_id: str, api: ApiDep, _: PersonDep) -> Response:
    found = await api.invoice(invoice_id)
    document = await api.invoice_pdf(invoice_id)
    return _pdf(document.content, found["number"])


@router.get("/credit-notes/{credit_note_id}")
async def credit_note(request: Request, credit_note_id: str, api: ApiDep, _: PersonDep) -> Response:
    found = await customer.credit_note(api, credit_note_id)
    if found is None:
        return render(
            request,
            "problem.html",
            {"status": 404, "words": "problem.not_found", "detail": ""},
            status=404,
        )
    return render(request, "customer/credit_note.html", {"note": found})


@router.get("/credit-notes/{credit_note_id}/pdf")
async def credit_note_pdf(credit_note_id: str, api: ApiDep, _: PersonDep) -> Response:
    document = await api.credit_note_pdf(credit_note_id)
    return _pdf(document.content, f"credit-note-{credit_note_id[:8]}")


def _pdf(content: bytes, name: str) -> Response:
    safe = "".join(c for c in name if c.isalnum() or c in "-_") or "document"
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{safe}.pdf"'},
    )


# --- prices (R-B2) --------------------------------------------------------------------------------


@router.get("/prices")
async def prices(
    request: Request,
    api: ApiDep,
    _: Person = Depends(with_roles({Role.ENROLLMENT_MANAGER})),  # noqa: B008
) -> Response:
    return render(request, "customer/prices.html", {"courses": await customer.prices(api)})


# --- account (R-A5) -------------------------------------------------------------------------------


@router.get("/account")
async def account(request: Request, _: PersonDep) -> Response:
    return render(request, "customer/account.html")


@router.post("/account/email")
async def change_email(request: Request, api: ApiDep, _: PersonDep) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        pending = await customer.change_email(
            api, fields.get("new_email", ""), fields.get("password", ""), key
        )
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status == 401:
            raise
        errors = placed(request, problem, ("new_email", "password"))
        return render(
            request,
            "customer/account.html",
            form=without_secrets(fields),
            errors=errors,
            status=problem.status,
        )
    session_of(request).say("flash.email_change_sent", email=pending.get("new_email", ""))
    return redirect("/account")


@router.post("/account/password")
async def change_password(request: Request, api: ApiDep, person: PersonDep) -> Response:
    """accounts has no "change my password" call: the reset link is sent to the login
    email, which proves the same (R-A3)."""
    fields = await read_form(request)
    await api.forgot_password(person.email, key_of(fields))
    session_of(request).say("flash.reset_link_sent", email=person.email)
    return redirect("/account")


@router.post("/account/logout-everywhere")
async def logout_everywhere(request: Request, api: ApiDep, _: PersonDep) -> Response:
    await read_form(request)
    session = session_of(request)
    try:
        await api.log_out_everywhere()
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.code != "no_such_route":
            raise
        session.say("flash.everywhere_unavailable")
        return redirect("/account")
    session.sign_out()
    session.say("flash.logged_out_everywhere")
    return redirect("/login")
