"""What a person sees when something goes wrong: a page in their language, never a trace.

- a service that cannot answer (503, or the gateway unreachable): "try again", 503
  with Retry-After;
- a session the API no longer accepts (401): the login page, back here after;
- a refusal no form handled: the service's words (problem details' `detail`, in the
  reader's language) on an error page with the same status;
- a page that does not exist, an expired form (CSRF), anything unexpected: a page.
"""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from portal.adapters.api import Refused, Unavailable
from portal.entrypoints.http.callers import NotForYou, SignInRequired
from portal.entrypoints.http.forms import CsrfRefused
from portal.entrypoints.http.pages import here, redirect, render, session_of

log = structlog.get_logger("portal.errors")
RETRY_SECONDS = 5


def problem_page(request: Request, status: int, words: str, detail: str = "") -> Response:
    return render(
        request,
        "problem.html",
        {"status": status, "words": words, "detail": detail},
        status=status,
    )


def install(app: FastAPI) -> None:
    async def sign_in(request: Request, error: SignInRequired) -> Response:
        if error.expired:
            session_of(request).say("flash.session_expired")
        return redirect("/login", next=error.next_path)

    async def not_for_you(request: Request, _: NotForYou) -> Response:
        return problem_page(request, 403, "problem.forbidden")

    async def csrf(request: Request, _: CsrfRefused) -> Response:
        return problem_page(request, 403, "problem.form_expired")

    async def unavailable(request: Request, error: Unavailable) -> Response:
        log.warning("an API did not answer", service=error.service, status=error.status)
        answer = render(
            request,
            "unavailable.html",
            {"service": error.service, "back": here(request)},
            status=503,
        )
        answer.headers["Retry-After"] = str(error.retry_after_seconds or RETRY_SECONDS)
        return answer

    async def refused(request: Request, error: Refused) -> Response:
        problem = error.problem
        if problem.status == 401:
            session_of(request).sign_out()
            return await sign_in(request, SignInRequired(here(request), expired=True))
        if problem.status == 403:
            return problem_page(request, 403, "problem.forbidden", problem.detail)
        if problem.status == 404:
            return problem_page(request, 404, "problem.not_found")
        return problem_page(request, problem.status, "problem.refused", problem.detail)

    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return problem_page(request, 404, "problem.not_found")
        if error.status_code == 405:
            return problem_page(request, 405, "problem.method")
        return problem_page(request, error.status_code, "problem.refused")

    async def server_error(request: Request, error: Exception) -> Response:
        log.error("unhandled error", path=request.url.path, error=type(error).__name__)
        return problem_page(request, 500, "problem.internal")

    app.add_exception_handler(SignInRequired, sign_in)  # type: ignore[arg-type]
    app.add_exception_handler(NotForYou, not_for_you)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRefused, csrf)  # type: ignore[arg-type]
    app.add_exception_handler(Unavailable, unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(Refused, refused)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, server_error)
