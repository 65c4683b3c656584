"""Every refused request answered the same way: RFC 9457 problem details.

The one place where a refusal becomes an HTTP answer, for every service:

- a `chassis.refusals.Refusal` raised by a handler or a rule: its status, code,
  detail and field;
- FastAPI's own refusals (an unknown route, a wrong method) and its request
  validation, whose field errors are listed under `errors`;
- a value the database cannot hold (SQLSTATE class 22: a NUL character, a
  number beyond 64 bits): 422 naming the kind of problem, never the value;
- a database that cannot be reached: 503 with Retry-After, its transaction not
  committed;
- anything else: 500 with no trace of the error in the answer (it is logged).

The body is `application/problem+json`:
`{"type", "title", "status", "detail", "code", "instance", "errors"?}`, where
`code` is stable and meant for programs and `detail` is meant for people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SqlAlchemyTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from chassis import problem_texts
from chassis.db import database_busy, database_unavailable
from chassis.languages import negotiate
from chassis.refusals import Invalid, Refusal, Unavailable

log = structlog.get_logger("chassis.problems")

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "/problems/"
"""`type` is a URI reference, `/problems/<code>` resolved against the API's address;
docs/API.md lists every code."""

TITLES: Mapping[int, str] = problem_texts.TITLES["en"]

CODES: Mapping[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    412: "precondition_failed",
    413: "content_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    428: "precondition_required",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class FieldError(BaseModel):
    field: str = Field(description="Where: `body.email`, `query.limit`, `path.booking_id`")
    code: str = Field(description="Stable machine code of the error")
    message: str = Field(description="What is wrong, for a person")


class Problem(BaseModel):
    """An error answer (RFC 9457)."""

    type: str = Field(description="URI reference naming the kind of problem: /problems/<code>")
    title: str = Field(description="Short summary of the kind of problem")
    status: int = Field(description="The HTTP status")
    detail: str = Field(description="What happened in this case, for a person")
    code: str = Field(description="Stable machine code, for a program to branch on")
    instance: str | None = Field(default=None, description="The path that answered")
    errors: list[FieldError] | None = Field(
        default=None, description="Field errors, for a form to show each beside its field"
    )


def body(
    status: int,
    code: str,
    detail: str,
    instance: str,
    accept_language: str | None,
    *,
    params: Mapping[str, object] | None = None,
    errors: Iterable[Mapping[str, str]] | None = None,
    texts: problem_texts.Texts | None = None,
) -> tuple[dict[str, Any], str]:
    """The problem's body in the reader's language, and that language."""
    language = negotiate(accept_language)
    answer: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": problem_texts.title(status, language),
        "status": status,
        "detail": problem_texts.detail(
            code, detail, language, params or {}, problem_texts.CHASSIS, texts or {}
        ),
        "code": code,
        "instance": instance,
    }
    listed = [dict(e) for e in errors or ()]
    if listed:
        answer["errors"] = listed
    return answer, language


def problem_response(
    request: Request,
    status: int,
    code: str,
    detail: str,
    *,
    params: Mapping[str, object] | None = None,
    errors: Iterable[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
    texts: problem_texts.Texts | None = None,
) -> JSONResponse:
    answer, language = body(
        status,
        code,
        detail,
        request.url.path,
        request.headers.get("accept-language"),
        params=params,
        errors=errors,
        texts=texts,
    )
    return JSONResponse(
        answer,
        status_code=status,
        headers={**(headers or {}), "Content-Language": language},
        media_type=MEDIA_TYPE,
    )


async def send_problem(
    scope: Any,
    send: Any,
    status: int,
    code: str,
    detail: str,
    *,
    params: Mapping[str, object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """The same answer from a plain ASGI middleware, before any route runs."""
    accept = None
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            accept = value.decode("latin-1")
    answer, language = body(status, code, detail, scope["path"], accept, params=params)
    payload = json.dumps(answer).encode()
    listed = [
        (b"content-type", MEDIA_TYPE.encode()),
        (b"content-length", str(len(payload)).encode()),
        (b"content-language", language.encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": listed})
    await send({"type": "http.response.body", "body": payload})


def install(app: FastAPI, service: str, texts: problem_texts.Texts | None = None) -> None:
    """Answer every refusal and error of `app` with problem details in the reader's
    language, `texts` holding the service's own refusals' words (problem_texts)."""

    async def refused(request: Request, error: Refusal) -> JSONResponse:
        errors = (
            [{"field": error.field, "code": error.code, "message": error.detail}]
            if error.field
            else None
        )
        return problem_response(
            request,
            error.status,
            error.code,
            error.detail,
            params=error.params,
            errors=errors,
            headers=error.headers,
            texts=texts,
        )

    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else TITLES.get(error.status_code)
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return problem_response(
            request,
            error.status_code,
            "no_such_route" if error.status_code == 404 else CODES.get(error.status_code, "error"),
            detail or "error",
            headers=headers,
        )

    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [_field_error(e) for e in error.errors()]
        first = errors[0] if errors else {"field": "body", "message": "invalid request"}
        return problem_response(
            request,
            422,
            "invalid",
            f"{first['field']}: {first['message']}",
            params=first,
            errors=errors,
        )

    async def database_error(request: Request, error: Exception) -> JSONResponse:
        if database_unavailable(error):
            return await refused(request, _database_unavailable(request, service, error))
        if database_busy(error):
            return await refused(request, _database_busy(request, service, error))
        refusal = _unstorable_value(request, error)
        if refusal is None:
            raise error  # not about a value: the server error it is
        return await refused(request, refusal)

    async def server_error(request: Request, error: Exception) -> JSONResponse:
        log.error("unhandled error", path=request.url.path, error=type(error).__name__)
        return problem_response(
            request, 500, "internal_error", "the service failed to answer; it has been logged"
        )

    app.add_exception_handler(Refusal, refused)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    for kind in (DBAPIError, ConnectionError, TimeoutError, SqlAlchemyTimeout):
        app.add_exception_handler(kind, database_error)
    app.add_exception_handler(Exception, server_error)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (RFC 9110: `Allow` on a 405).

    Starlette's 405 names the methods of the first route whose path matched, so a
    path served by two routes (GET and PUT declared apart) would list one of them."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def _field_error(error: Mapping[str, Any]) -> dict[str, str]:
    location = [str(part) for part in error.get("loc", ())]
    return {
        "field": ".".join(location) or "body",
        "code": str(error.get("type", "invalid")),
        "message": str(error.get("msg", "invalid value")),
    }


def _database_unavailable(request: Request, service: str, error: Exception) -> Unavailable:
    """503 with Retry-After: the request was sound, the database could not be reached.

    Nothing of the request is half-written: its transaction did not commit. (Should
    the connection have dropped during the COMMIT itself, the outcome is unknown to
    the service too; a retried request meets the usual conflict checks.)
    """
    log.warning(
        "database unavailable, request refused with 503",
        path=request.url.path,
        error=type(error).__name__,
    )
    refusal = Unavailable(
        f"{service} cannot reach its database at the moment; "
        f"retry in {RETRY_AFTER_SECONDS} seconds",
        code="database_unavailable",
        params={"service": service, "seconds": RETRY_AFTER_SECONDS},
        retry_after_seconds=RETRY_AFTER_SECONDS,
    )
    return refusal


def _database_busy(request: Request, service: str, error: Exception) -> Unavailable:
    """503 with Retry-After: the request was sound, but waited for a lock or a statement
    longer than the database allows (another session held it); its transaction rolled back."""
    log.warning(
        "database busy, request refused with 503",
        path=request.url.path,
        error=type(error).__name__,
    )
    return Unavailable(
        f"{service} waited too long for its database (another operation held what it needed); "
        f"retry in {RETRY_AFTER_SECONDS} seconds",
        code="database_busy",
        params={"service": service, "seconds": RETRY_AFTER_SECONDS},
        retry_after_seconds=RETRY_AFTER_SECONDS,
    )


RETRY_AFTER_SECONDS = 5

UNSTORABLE = {
    "22021": "a text holds a character that cannot be stored, such as NUL (U+0000)",
    "22001": "a text is longer than can be stored",
    "22003": "a number is out of the range that can be stored",
}


def _data_exception(error: DBAPIError) -> str | None:
    """The SQLSTATE of a class-22 error ("data exception"), or None for any other error.

    asyncpg raises its own DataError, before sending, for an argument it cannot
    encode (an integer beyond 64 bits): that one counts too.
    """
    original = error.orig
    state = str(getattr(original, "sqlstate", "") or getattr(original, "pgcode", "") or "")
    if state.startswith("22"):
        return state
    cause = getattr(original, "__cause__", None)
    cause_state = str(getattr(cause, "sqlstate", "") or "")
    if cause_state.startswith("22") or type(cause).__name__ == "DataError":
        return cause_state or "22000"
    return None


def _unstorable_value(request: Request, error: Exception) -> Invalid | None:
    state = _data_exception(error) if isinstance(error, DBAPIError) else None
    if state is None:
        return None
    reason = UNSTORABLE.get(state, "a value cannot be stored or compared as given")
    log.warning("value refused by the database", sqlstate=state, path=request.url.path)
    return Invalid(
        f"the request holds a value the service cannot handle: {reason}", code="unstorable_value"
    )


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for a route: each status answered with a Problem."""
    return {
        status: {"model": Problem, "description": TITLES.get(status, "Error")}
        for status in statuses
    }
