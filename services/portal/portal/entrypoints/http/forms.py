"""Forms: every POST carries the session's CSRF secret, checked before anything else.

The secret lives in the sealed session cookie and in a hidden field of each form; a
page of another site can make a browser send the cookie (not with SameSite=Lax on a
POST, but older browsers) but cannot read the page to learn the field. A form that
creates something also carries an `Idempotency-Key` made when it was rendered, so a
double click or a retried submit creates one thing (the services replay the first
answer for the same key and body).
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Mapping, Sequence

from fastapi import Request

from portal.adapters.api import Refused, Unavailable
from portal.domain.problems import FormErrors, Problem, place
from portal.domain.words import FIELD_ERROR_WORDS, FIELD_WORDS, translate
from portal.entrypoints.http.pages import language_of, session_of

CSRF_FIELD = "csrf_token"
KEY_FIELD = "idempotency_key"


class CsrfRefused(Exception):
    """The form's CSRF field is missing or is not this session's."""


async def read_form(request: Request) -> dict[str, str]:
    """The posted fields (text only), once the CSRF field has been checked."""
    data = await request.form()
    fields = {name: value for name, value in data.multi_items() if isinstance(value, str)}
    expected = session_of(request).csrf
    given = fields.pop(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        raise CsrfRefused()
    return fields


def key_of(fields: dict[str, str]) -> str:
    """The form's idempotency key; a new one if the form carried none (or a bad one)."""
    given = fields.pop(KEY_FIELD, "")
    try:
        return str(uuid.UUID(given))
    except ValueError:
        return str(uuid.uuid4())


def placed(
    request: Request,
    problem: Problem,
    fields: Sequence[str],
    aliases: Mapping[str, str] | None = None,
) -> FormErrors:
    """The problem's messages beside the form's fields, in the reader's language."""
    language = language_of(request)
    known = {code: translate(language, words) for code, words in FIELD_ERROR_WORDS.items()}
    by_field = {name: translate(language, words) for name, words in FIELD_WORDS.items()}
    return place(problem, fields, known, aliases, by_field)


def problem_of(request: Request, failed: Refused | Unavailable) -> Problem:
    """A refusal's problem; a service that could not answer as a problem of the form too,
    so the form comes back with what was typed and a "try again" at the top (503)."""
    if isinstance(failed, Refused):
        return failed.problem
    words = translate(language_of(request), "unavailable.text")
    return Problem(503, "unavailable", detail=words, retry_after_seconds=5)


def without_secrets(fields: Mapping[str, str]) -> dict[str, str]:
    """What a failed form shows again: all that was typed except passwords."""
    return {k: v for k, v in fields.items() if "password" not in k}
