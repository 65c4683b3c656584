"""Refused requests: values the database cannot hold, and how a refusal is documented.

A value the API's schema lets through may still be one the database refuses:
a NUL character in a text (PostgreSQL stores none), a number beyond 64 bits
in a query. The database answers with an error of SQLSTATE class 22 ("data
exception"), which would surface as a 500; every service answers 422 instead,
naming the kind of problem and never echoing the value.

FastAPI documents every 422 as its own validation error: `detail` is a list of
field errors. The services also answer 422 from their rules, and the chassis
from its request limits, with `detail` as one message naming the field or the
rule ("password: the password must have at least 12 characters"), which is
the convention of this project. A client generated from the document would
fail on those answers; so the document says `detail` is either form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SqlAlchemyTimeout

from chassis.db import database_unavailable

log = structlog.get_logger("chassis.refusals")

MESSAGE = {
    "type": "string",
    "description": "One message naming the field or the rule that refused the request",
}


def install(app: FastAPI, service: str) -> None:
    """Answer unstorable values with 422 and an unreachable database with 503; document
    both forms of a 422's `detail`."""

    async def refused(request: Request, error: Exception) -> JSONResponse:
        if database_unavailable(error):
            return _database_unavailable(request, service, error)
        return await _unstorable_value(request, error)

    for kind in (DBAPIError, ConnectionError, TimeoutError, SqlAlchemyTimeout):
        app.add_exception_handler(kind, refused)
    _document_refusals(app)


RETRY_AFTER_SECONDS = 5


def _database_unavailable(request: Request, service: str, error: Exception) -> JSONResponse:
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
    return JSONResponse(
        {
            "detail": f"{service} cannot reach its database at the moment; "
            f"retry in {RETRY_AFTER_SECONDS} seconds"
        },
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


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


async def _unstorable_value(request: Request, error: Exception) -> JSONResponse:
    state = _data_exception(error) if isinstance(error, DBAPIError) else None
    if state is None:
        raise error  # not about a value: the server error it is
    reason = {
        "22021": "a text holds a character that cannot be stored, such as NUL (U+0000)",
        "22001": "a text is longer than can be stored",
        "22003": "a number is out of the range that can be stored",
    }.get(state, "a value cannot be stored or compared as given")
    log.warning("value refused by the database", sqlstate=state, path=request.url.path)
    return JSONResponse(
        {"detail": f"the request holds a value the service cannot handle: {reason}"},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def _document_refusals(app: FastAPI) -> None:
    """Make `app.openapi()` describe both forms of a 422's `detail`."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        error = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
        if error is not None:
            detail = error.setdefault("properties", {}).get("detail", {})
            if "anyOf" not in detail:  # the document is cached: change it once
                listed = {k: v for k, v in detail.items() if k != "title"}
                error["properties"]["detail"] = {"anyOf": [listed, MESSAGE], "title": "Detail"}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
