"""A form's call to an API, and what the page shows when it is refused or nobody answers.

`attempt` runs the call; on a refusal (4xx) or an API away (503) it gives the messages
placed on the form's fields in the reader's language, and the status to answer with,
so the route renders its form again with what was typed. A 401 is left to the error
pages (the login page, back here after).
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response

from portal.adapters.api import Refused, Unavailable
from portal.domain.problems import FieldError, FormErrors, Problem
from portal.entrypoints.http.forms import placed, problem_of
from portal.entrypoints.http.pages import render

T = TypeVar("T")


@dataclass(frozen=True)
class Failed:
    errors: FormErrors
    status: int


async def attempt(
    request: Request,
    call: Awaitable[T],
    fields: Sequence[str],
    aliases: Mapping[str, str] | None = None,
) -> tuple[T | None, Failed | None]:
    try:
        return await call, None
    except (Refused, Unavailable) as failed:
        problem = problem_of(request, failed)
        if problem.status == 401:
            raise
        return None, Failed(placed(request, problem, fields, aliases), problem.status)


def refused_field(request: Request, name: str, code: str, fields: Sequence[str]) -> Failed:
    """What the portal says itself of a field it checked before asking any API (422)."""
    problem = Problem(422, "invalid", errors=(FieldError(name, code, ""),))
    return Failed(placed(request, problem, fields), 422)


def form_page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    fields: Mapping[str, str] | None = None,
    failed: Failed | None = None,
) -> Response:
    """A page with a form: as typed, with its messages, when it `failed`."""
    return render(
        request,
        template,
        context,
        form=fields,
        errors=failed.errors if failed else None,
        status=failed.status if failed else 200,
    )
