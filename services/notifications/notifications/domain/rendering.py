"""Subject, plain-text and HTML bodies of a message, rendered from its stored context.

Templates are files `templates/<language>/<template>.txt`: the first line is
the subject, then a blank line, then the body. Jinja2 with autoescaping off
(plain text; the HTML part is made from it and escaped, `html_part.py`) and
StrictUndefined, so a template asking for something the context lacks fails
loudly instead of sending a hole. Instants read in the reader's zone
(`formats.reader_zone`), which `{{ zone }}` names; `page(name, id=...)` links
a portal page (`links.PORTAL_PAGES`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context

from notifications.domain import formats
from notifications.domain.html_part import html_of
from notifications.domain.links import PORTAL_URL, page_url

ZONE = "tz"
"""The context entry holding the reader's zone while rendering (`formats.reader_zone`)."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    html: str


class TemplateError(Exception):
    """A template is missing or cannot be rendered from the stored context."""


_LOADER = PackageLoader("notifications", "templates")


@functools.cache
def _environment(language: str) -> Environment:
    # Plain-text mail: there is no HTML to escape.
    environment = Environment(
        loader=_LOADER,
        autoescape=False,  # noqa: S701
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_filled,
    )
    for name, function in (
        ("date", formats.date_text),
        ("time", formats.time_text),
        ("datetime", formats.datetime_text),
    ):
        environment.filters[name] = _in_readers_zone(function, language)
    for name, function in (("money", formats.money_text), ("place", formats.place_text)):
        environment.filters[name] = _in_language(function, language)
    environment.globals["page"] = _page
    return environment


def _filled(value: Any) -> Any:
    """Every `{{ placeholder }}` prints something: None or an empty text is an error (a hole
    the reader would see), not a message sent with a gap in it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"an empty value in a placeholder: {value!r}")
    return value


def _in_language(function: Callable[..., str], language: str) -> Callable[..., str]:
    """A filter: `value | money`, in the environment's language."""

    def apply(value: Any) -> str:
        return function(value, language)

    return apply


def _in_readers_zone(function: Callable[..., str], language: str) -> Callable[..., str]:
    """A filter: `instant | date`, in the environment's language and the reader's zone."""

    @pass_context
    def apply(context: Context, value: Any) -> str:
        return function(value, language, context[ZONE])

    return apply


@pass_context
def _page(context: Context, name: str, **ids: Any) -> str:
    """`{{ page("enrollment", booking_id=booking_id) }}`: a portal page's full address."""
    return page_url(context[PORTAL_URL], name, **ids)


def template_exists(template: str, language: str) -> bool:
    return f"{language}/{template}.txt" in _environment(language).list_templates()


@functools.cache
def _compiled(template: str, language: str) -> tuple[Template, Template]:
    """Subject and body compiled apart, so nothing in the context can move the split."""
    environment = _environment(language)
    source, _, _ = _LOADER.get_source(environment, f"{language}/{template}.txt")
    subject, _, body = source.partition("\n")
    return environment.from_string(subject), environment.from_string(body.lstrip("\n"))


def render(template: str, language: str, context: dict[str, Any]) -> Rendered:
    """The message in `language`; `context` is what its event gave, plus the portal's
    address (`links.PORTAL_URL`) when it links a portal page."""
    try:
        subject, body = _compiled(template, language)
        zone = formats.reader_zone(context)
        values = {**context, ZONE: zone, "zone": formats.zone_name(zone, language)}
        subject_text, body_text = subject.render(values), body.render(values)
    except Exception as error:  # jinja's errors, a bad instant, an unknown language
        raise TemplateError(f"{language}/{template}: {type(error).__name__}: {error}") from error
    # A subject is one header line whatever the context holds (no header injection).
    one_line = " ".join(subject_text.split())
    return Rendered(one_line, body_text, html_of(body_text, language, one_line))
