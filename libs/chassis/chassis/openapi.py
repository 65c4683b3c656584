"""The published contract: every route's OpenAPI answers say every status it can give.

A client generated from the document must meet no answer it was not told of.
Beyond what a route declares itself (`responses=problems.responses(409)`), the
chassis adds what its own layers can answer:

- 422 (invalid input) on every route that takes parameters or a body, 413 on
  every route with a body (the request limits) and 400 (a body that does not
  parse, e.g. malformed JSON on a PUT);
- 401 on routes that read a caller's token, 403 on routes that need one (told
  apart by their security scheme, `HTTPBearer` or `OptionalBearer`; the latter's
  routes also list the empty requirement `{}`: a token is optional there);
- 404 on routes with a path parameter (no such thing, or not the caller's);
- on every POST: the optional `Idempotency-Key` header, and 400/409/422 for its
  refusals (`chassis.idempotency`);
- 503 on every route that uses the database (it may be away);
- on every email address, the pattern of what `EmailStr` takes (no special-use
  domain such as `.test`, `chassis.wire_types`);
and describes every error answer as an RFC 9457 Problem (`chassis.problems`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from chassis.idempotency import HEADER as IDEMPOTENCY_HEADER
from chassis.problems import MEDIA_TYPE, TITLES, FieldError, Problem
from chassis.wire_types import EMAIL_PATTERN

WITHOUT_DATABASE = ("/health/live", "/metrics")
REQUIRED_BEARER = "HTTPBearer"
OPTIONAL_BEARER = "OptionalBearer"
"""The security schemes of chassis.api: a route with the first needs a caller (401, 403),
one with the second reads a token only when one is sent (401 for a bad one)."""
PROBLEM = {"$ref": "#/components/schemas/Problem"}


def document(app: FastAPI) -> None:
    """Make `app.openapi()` complete, once (the document is cached)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        template = "#/components/schemas/{model}"
        schemas.setdefault("Problem", Problem.model_json_schema(ref_template=template))
        schemas.setdefault("FieldError", FieldError.model_json_schema())
        schemas["Problem"].pop("$defs", None)
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                _complete(path, method.upper(), operation)
        _mailboxes_only(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mailboxes_only(node: Any) -> None:
    """Every `format: email` also says what `EmailStr` refuses: domains no mailbox has."""
    if isinstance(node, dict):
        if node.get("format") == "email":
            node.setdefault("pattern", EMAIL_PATTERN)
            node["maxLength"] = min(node.get("maxLength", 254), 254)  # RFC 5321's bound
        for value in node.values():
            _mailboxes_only(value)
    elif isinstance(node, list):
        for value in node:
            _mailboxes_only(value)


def _complete(path: str, method: str, operation: dict[str, Any]) -> None:
    statuses: set[int] = set()
    has_body = "requestBody" in operation
    if operation.get("parameters") or has_body:
        statuses.add(422)
    if has_body:
        statuses.update((400, 413))  # 400: a body that does not parse (malformed JSON)
    schemes = {name for requirement in operation.get("security", []) for name in requirement}
    if OPTIONAL_BEARER in schemes and {} not in operation["security"]:
        operation["security"].insert(0, {})  # OpenAPI's way to say "or no token at all"
    if schemes & {REQUIRED_BEARER, OPTIONAL_BEARER}:
        statuses.add(401)
    if REQUIRED_BEARER in schemes:
        statuses.add(403)
    if "{" in path:
        statuses.add(404)
    if method == "POST":
        statuses.update((400, 409, 422))
        operation.setdefault("parameters", []).append(
            {
                "name": IDEMPOTENCY_HEADER,
                "in": "header",
                "required": False,
                "description": "Any unique string of yours: a retry with the same key and body "
                "within 24 hours gives the first answer again and creates nothing (docs/API.md)",
                "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
            }
        )
    if not path.startswith(WITHOUT_DATABASE):
        statuses.add(503)
    answers = operation.setdefault("responses", {})
    for status in statuses:
        answers.setdefault(str(status), {"description": TITLES.get(status, "Error")})
    for status, answer in answers.items():
        if str(status).startswith(("4", "5")):
            answer["content"] = {MEDIA_TYPE: {"schema": PROBLEM}}
