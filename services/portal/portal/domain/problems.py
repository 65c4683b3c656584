"""A refusal from an API (RFC 9457 problem details) as a form shows it.

Each `errors[].field` (`body.email`, `body.trainees.0.email`, or a refusal's bare
`registration_number`) names the form field the message goes beside; what names
no field of the form goes at the top of the page. A refusal without `errors` whose
detail starts with a field's name (`registration_number: not a valid SIREN`) is
put on that field too. Words: the portal's own for the field-error codes it knows
(pydantic's English otherwise), the service's translated `detail` for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LOCATIONS = ("body", "query", "path", "header")


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


@dataclass(frozen=True)
class Problem:
    """What an API answered when it refused: status, code, words for a person, field errors."""

    status: int
    code: str
    title: str = ""
    detail: str = ""
    errors: tuple[FieldError, ...] = ()
    retry_after_seconds: int | None = None

    @classmethod
    def from_answer(cls, status: int, body: Any, retry_after: str | None = None) -> Problem:
        """From an answer's status and JSON body (anything: a proxy may answer HTML)."""
        data: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
        listed = data.get("errors") or ()
        errors = tuple(
            FieldError(
                field=str(e.get("field", "")),
                code=str(e.get("code", "invalid")),
                message=str(e.get("message", "")),
            )
            for e in listed
            if isinstance(e, Mapping)
        )
        seconds = int(retry_after) if retry_after and retry_after.isdigit() else None
        return cls(
            status=status,
            code=str(data.get("code") or f"http_{status}"),
            title=str(data.get("title") or ""),
            detail=str(data.get("detail") or ""),
            errors=errors,
            retry_after_seconds=seconds,
        )


def form_field(api_field: str) -> str:
    """`body.trainees.0.email` -> `trainees.0.email`; `registration_number` as it is."""
    parts = api_field.split(".")
    if parts and parts[0] in LOCATIONS:
        parts = parts[1:]
    return ".".join(parts)


@dataclass
class FormErrors:
    """The messages of one refused form: by field name, and those for the top of the page."""

    fields: dict[str, str] = field(default_factory=dict)
    page: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.page)

    def on(self, name: str) -> str | None:
        return self.fields.get(name)


GENERIC_CODES = frozenset({"invalid", "invalid_company_number", "conflict"})
"""Codes that say only "this field is wrong": the field's own words say it better."""


def place(
    problem: Problem,
    form_fields: Sequence[str],
    known_codes: Mapping[str, str],
    aliases: Mapping[str, str] | None = None,
    known_fields: Mapping[str, str] | None = None,
) -> FormErrors:
    """Put each of the problem's messages beside the form's field it names, else on top.

    `known_codes` holds the portal's words, in the reader's language, for the field-error
    codes it knows (`missing`, `string_too_short`, ...); `known_fields` its words for a
    field refused with a generic code (`registration_number` -> "not a valid company
    number"); `aliases` maps an API field to a form field of another name
    (`new_password` -> `password`).
    """
    aliases = aliases or {}
    known_fields = known_fields or {}
    placed = FormErrors()
    detail = _without_field_prefix(problem.detail, problem.errors)
    for error in problem.errors:
        name = form_field(error.field)
        name = aliases.get(name, name)
        words = known_codes.get(error.code)
        if words is None and error.code in GENERIC_CODES:
            words = known_fields.get(name)
        if words is None:
            words = detail if len(problem.errors) == 1 and detail else error.message
        target = _matching(name, form_fields)
        if target is None:
            placed.page.append(words)
        else:
            placed.fields.setdefault(target, words)
    if not problem.errors:
        prefix, _, rest = problem.detail.partition(":")
        name = aliases.get(prefix.strip(), prefix.strip())
        if rest and name in form_fields:
            generic = problem.code in GENERIC_CODES and name in known_fields
            placed.fields[name] = known_fields[name] if generic else rest.strip()
        else:
            placed.page.append(problem.detail or problem.title)
    return placed


def _matching(name: str, form_fields: Sequence[str]) -> str | None:
    """The form field `name` is, or is inside (`trainees.0` for `trainees.0.email` when only
    rows are fields); None when the form has no such field."""
    while name:
        if name in form_fields:
            return name
        name = name.rpartition(".")[0]
    return None


def _without_field_prefix(detail: str, errors: Sequence[FieldError]) -> str:
    """`body.email: value is not a valid email address` -> the part after the field."""
    for error in errors:
        for prefix in (error.field, form_field(error.field)):
            if prefix and detail.startswith(prefix + ":"):
                return detail[len(prefix) + 1 :].strip()
    return detail
