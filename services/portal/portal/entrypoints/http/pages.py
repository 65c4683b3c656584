"""Pages: the templates, what every page is given, and the answers a route returns.

Every page is rendered on the server (Jinja2, autoescaped) in the reader's language,
with the helpers templates use: `t` (words), `money`, `when` (an instant),
`day`, `csrf` (the session's CSRF secret, for the hidden field of every form) and
`new_key` (a fresh `Idempotency-Key` for a form that creates something).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from portal.domain import enrollments, formats, history
from portal.domain.languages import LANGUAGES, NAMES, Language, choose
from portal.domain.navigation import links_for
from portal.domain.problems import FormErrors
from portal.domain.words import translate
from portal.entrypoints.http.sessions import LANGUAGE_COOKIE, Session

TEMPLATES = Environment(
    loader=PackageLoader("portal", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def session_of(request: Request) -> Session:
    return request.scope["state"]["session"]  # type: ignore[no-any-return]


def language_of(request: Request) -> Language:
    default = getattr(request.app.state, "default_language", "fr")
    return choose(
        request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"), default
    )


def here(request: Request) -> str:
    """This page's path and query, to come back to (after a language switch, a login)."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    form: Mapping[str, Any] | None = None,
    errors: FormErrors | None = None,
) -> HTMLResponse:
    language = language_of(request)
    session = session_of(request)
    person = session.signed_in()

    def t(words: str, **params: Any) -> str:
        return translate(language, words, **params)

    values: dict[str, Any] = {
        "request": request,
        "lang": language,
        "languages": [(code, NAMES[code]) for code in LANGUAGES],
        "t": t,
        "money": lambda amount: formats.money(amount, language),
        "when": lambda instant: formats.instant(instant, language),
        "day": lambda value: formats.day(value, language),
        "number": lambda value: formats.number(value, language),
        "clock": lambda value: formats.clock_time(value, language),
        "long_day": lambda value: formats.long_day(value, language),
        "status_words": lambda status: (
            t(enrollments.status_key(status)) if enrollments.status_key(status) else status
        ),
        "tone": lambda status: enrollments.TONES.get(status, "waiting"),
        "note": lambda text: _note(text, language),
        "person": person,
        "nav": links_for(person),
        "here": here(request),
        "quote": lambda text: quote(text, safe=""),
        "flashes": session.said(),
        "csrf": session.csrf_token,
        "new_key": lambda: str(uuid.uuid4()),
        "form": dict(form or {}),
        "errors": errors or FormErrors(),
        "htmx": request.headers.get("hx-request") == "true",
        "test_clock": _test_clock(request, language),
    }
    values.update(context or {})
    body = TEMPLATES.get_template(template).render(values)
    return HTMLResponse(body, status_code=status, headers={"Content-Language": language})


def _test_clock(request: Request, language: Language) -> str | None:
    """The platform's time, in the reader's words, while a test clock is in force (the APIs'
    `X-Test-Clock`); None otherwise."""
    platform_time = getattr(request.app.state, "platform_time", None)
    if platform_time is None or not platform_time.in_force:
        return None
    return formats.instant(platform_time.now(), language)


def _note(text: str, language: Language) -> str:
    """A history note in the reader's words, its amounts as money (`domain/history.py`)."""
    note = history.read(text)
    if not note.words:
        return note.text
    params = {
        name: formats.money(value, language) if name in ("invoiced", "price") else value
        for name, value in note.params.items()
    }
    return translate(language, note.words, **params)


def redirect(path: str, **query: str | None) -> RedirectResponse:
    """303 See Other: after a POST, the browser GETs the page (POST-redirect-GET)."""
    listed = {k: v for k, v in query.items() if v}
    return RedirectResponse(path + (f"?{urlencode(listed)}" if listed else ""), status_code=303)


def safe_next(target: str | None, fallback: str = "/") -> str:
    """A `next=` the portal may send the browser to: one of its own paths, never another
    site (`//evil.example`, `https://...`)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return fallback
