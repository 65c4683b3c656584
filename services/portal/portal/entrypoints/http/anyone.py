"""Pages for anyone: the catalogue, opening an account, logging in and out, and the
landing page of every emailed link (docs/LINKS.md): verify email, set password, reset
password, confirm an email change."""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from portal.adapters.api import Refused, Unavailable
from portal.domain.languages import LANGUAGES
from portal.domain.people import CUSTOMERS, home_of
from portal.entrypoints.http.callers import ApiDep, SignInRequired
from portal.entrypoints.http.forms import key_of, placed, problem_of, read_form, without_secrets
from portal.entrypoints.http.pages import (
    here,
    redirect,
    render,
    safe_next,
    session_of,
)
from portal.entrypoints.http.sessions import LANGUAGE_COOKIE
from portal.handlers import anyone

router = APIRouter()

Token = Annotated[str, Query(max_length=512)]

INDIVIDUAL_FIELDS = ("full_name", "email", "password")
COMPANY_FIELDS = (
    "legal_name",
    "country",
    "registration_number",
    "vat_number",
    *INDIVIDUAL_FIELDS,
)


@router.get("/")
async def catalogue(request: Request, api: ApiDep, course: str | None = None) -> Response:
    found = await anyone.catalogue(api, (course or "").strip()[:40])
    fragment = request.headers.get("hx-request") and not request.headers.get(
        "hx-history-restore-request"
    )
    template = "anyone/_sessions.html" if fragment else "anyone/catalogue.html"
    options = [(c["code"], f"{c['title']} ({c['code']})") for c in found.courses]
    return render(request, template, {"catalogue": found, "course_options": options})


@router.get("/sessions/{session_id}")
async def session_page(request: Request, session_id: str, api: ApiDep) -> Response:
    found = await anyone.session(api, session_id)
    person = session_of(request).signed_in()
    return render(
        request,
        "anyone/session.html",
        {"session": found, "may_book": person is not None and person.has_any(CUSTOMERS), "rows": 1},
    )


# --- language -------------------------------------------------------------------------------


@router.get("/language/{code}")
async def switch_language(code: str, next: str = "/") -> RedirectResponse:
    answer = redirect(safe_next(next))
    if code in LANGUAGES:
        answer.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            path="/",
        )
    return answer


# --- log in and out ---------------------------------------------------------------------------


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "anyone/login.html", {"next": safe_next(next, "")})


@router.post("/login")
async def login(request: Request, api: ApiDep) -> Response:
    fields = await read_form(request)
    target = fields.pop("next", "")
    try:
        signed = await anyone.log_in(api, fields.get("email", ""), fields.get("password", ""))
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        errors = placed(request, problem, ("email", "password"))
        return render(
            request,
            "anyone/login.html",
            {"next": safe_next(target, "")},
            form=without_secrets(fields),
            errors=errors,
            status=problem.status,
        )
    session_of(request).sign_in(signed.tokens, signed.person)
    return redirect(safe_next(target, home_of(signed.person)))


@router.post("/logout")
async def logout(request: Request, api: ApiDep) -> Response:
    await read_form(request)
    session = session_of(request)
    if session.access:
        with contextlib.suppress(Refused):  # an expired session is over all the same
            await api.log_out()
    session.sign_out()
    session.say("flash.logged_out")
    return redirect("/")


# --- open an account (R-A1) ---------------------------------------------------------------------


@router.get("/register")
async def register_page(request: Request) -> Response:
    return render(request, "anyone/register.html", {"kind": "individual"})


@router.get("/register/company")
async def register_company_page(request: Request) -> Response:
    return render(request, "anyone/register.html", {"kind": "company"}, form={"country": "BE"})


@router.post("/register")
async def register(request: Request, api: ApiDep) -> Response:
    return await _register(request, api, "individual", INDIVIDUAL_FIELDS)


@router.post("/register/company")
async def register_company(request: Request, api: ApiDep) -> Response:
    return await _register(request, api, "company", COMPANY_FIELDS)


async def _register(request: Request, api: ApiDep, kind: str, names: tuple[str, ...]) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        await anyone.register(api, kind, fields, key)
        signed = await anyone.log_in(api, fields.get("email", ""), fields.get("password", ""))
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        errors = placed(request, problem, names)
        return render(
            request,
            "anyone/register.html",
            {"kind": kind},
            form=without_secrets(fields),
            errors=errors,
            status=problem.status,
        )
    session = session_of(request)
    session.sign_in(signed.tokens, signed.person)
    session.say("flash.account_created", email=signed.person.email)
    return redirect("/")


# --- passwords (R-A2, R-A3) ---------------------------------------------------------------------


@router.get("/forgot-password")
async def forgot_page(request: Request) -> Response:
    return render(request, "anyone/forgot_password.html")


@router.post("/forgot-password")
async def forgot(request: Request, api: ApiDep) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        await api.forgot_password(fields.get("email", ""), key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        return render(
            request,
            "anyone/forgot_password.html",
            form=fields,
            errors=placed(request, problem, ("email",)),
            status=problem.status,
        )
    # R-A3: the same answer whether or not the address has an account.
    return render(request, "anyone/forgot_password.html", {"sent_to": fields.get("email", "")})


@router.get("/set-password")
async def set_password_page(request: Request, token: Token = "") -> Response:
    return render(request, "anyone/password.html", {"purpose": "set", "token": token})


@router.post("/set-password")
async def set_password(request: Request, api: ApiDep) -> Response:
    return await _choose_password(request, api, "set")


@router.get("/reset-password")
async def reset_password_page(request: Request, token: Token = "") -> Response:
    return render(request, "anyone/password.html", {"purpose": "reset", "token": token})


@router.post("/reset-password")
async def reset_password(request: Request, api: ApiDep) -> Response:
    return await _choose_password(request, api, "reset")


async def _choose_password(request: Request, api: ApiDep, purpose: str) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    token = fields.get("token", "")
    try:
        if purpose == "set":
            await api.set_password(token, fields.get("password", ""), key)
        else:
            await api.reset_password(token, fields.get("password", ""), key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        errors = placed(request, problem, ("password",), aliases={"new_password": "password"})
        return render(
            request,
            "anyone/password.html",
            {"purpose": purpose, "token": token},
            errors=errors,
            status=problem.status,
        )
    session = session_of(request)
    if session.access:
        session.sign_out()  # R-A3: a reset ends every session, this one too
    session.say("flash.password_set" if purpose == "set" else "flash.password_reset")
    return redirect("/login")


# --- email addresses (welcome, R-A5) -----------------------------------------------------------


@router.get("/verify-email")
async def verify_email_page(request: Request, token: Token = "") -> Response:
    return render(request, "anyone/verify_email.html", {"token": token})


@router.post("/verify-email")
async def verify_email(request: Request, api: ApiDep) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    try:
        await api.verify_email(fields.get("token", ""), key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        return render(
            request,
            "anyone/verify_email.html",
            {"token": fields.get("token", "")},
            errors=placed(request, problem, ()),
            status=problem.status,
        )
    session = session_of(request)
    session.say("flash.email_verified")
    return redirect("/account" if session.access else "/login")


@router.get("/confirm-email")
async def confirm_email_page(request: Request, token: Token = "") -> Response:
    if session_of(request).signed_in() is None:
        raise SignInRequired(here(request))
    return render(request, "anyone/confirm_email.html", {"token": token})


@router.post("/confirm-email")
async def confirm_email(request: Request, api: ApiDep) -> Response:
    fields = await read_form(request)
    key = key_of(fields)
    token = fields.get("token", "")
    if session_of(request).signed_in() is None:
        raise SignInRequired(f"/confirm-email?token={token}")
    try:
        account = await api.confirm_email(token, key)
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status == 401:
            raise
        return render(
            request,
            "anyone/confirm_email.html",
            {"token": token},
            errors=placed(request, problem, ()),
            status=problem.status,
        )
    # The session's token still names the old address (R-A5): log in with the new one.
    session = session_of(request)
    session.sign_out()
    session.say("flash.email_changed", email=account.get("email", ""))
    return redirect("/login")


# --- health ------------------------------------------------------------------------------------


@router.get("/health/live", include_in_schema=False)
async def live() -> dict[str, str]:
    return {"status": "live"}


@router.get("/health/ready", include_in_schema=False)
async def ready(api: ApiDep) -> dict[str, object]:
    """Ready as soon as it runs: when the APIs are away the portal still answers, with its
    "try again" page, so it stays in the load balancer; the check says what it sees."""
    answers = await api.gateway_answers()
    return {"status": "ready", "checks": {"api": "ok" if answers else "unavailable"}}
