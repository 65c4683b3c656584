"""Subject and plain-text body of a message, rendered from its stored context.

Templates are files `templates/<language>/<template>.txt`: the first line is
the subject, then a blank line, then the body. Jinja2 with autoescaping off
(plain text, no HTML) and StrictUndefined, so a template asking for something
the context lacks fails loudly instead of sending a hole.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from notifications.domain import formats


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


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
    )
    for name, function in (
        ("date", formats.date_text),
        ("time", formats.time_text),
        ("datetime", formats.datetime_text),
        ("money", formats.money_text),
        ("place", formats.place_text),
    ):
        environment.filters[name] = _in_language(function, language)
    return environment


def _in_language(function: Callable[..., str], language: str) -> Callable[..., str]:
    """A filter: `value | date` or `value | date(zone)`, in the environment's language."""

    def apply(value: Any, *args: Any) -> str:
        return function(value, language, *args)

    return apply


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
    try:
        subject, body = _compiled(template, language)
        rendered = Rendered(subject=subject.render(context), body=body.render(context))
    except Exception as error:  # jinja's errors, a bad instant, an unknown language
        raise TemplateError(f"{language}/{template}: {type(error).__name__}: {error}") from error
    # A subject is one header line whatever the context holds (no header injection).
    return Rendered(subject=" ".join(rendered.subject.split()), body=rendered.body)
