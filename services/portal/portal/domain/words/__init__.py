"""Every word of the portal's pages, in French, Dutch and English.

A typed dictionary rather than gettext catalogues: a few files to read and review,
each entry the three languages side by side, so a missing translation is a
missing argument (and `tests/test_words.py` checks that every key used by a
template or a route is here, and that the three texts of an entry have the same
`{placeholders}`). French is the platform's first language (PRODUCT.md, N).
"""

from __future__ import annotations

import string
from typing import Any

from portal.domain.languages import Language
from portal.domain.words import accounts, customer, incompany, site, staff
from portal.domain.words.entry import Words

__all__ = ["FIELD_ERROR_WORDS", "FIELD_WORDS", "WORDS", "Words", "placeholders", "translate"]


def _merged(*modules: Any) -> dict[str, Words]:
    merged: dict[str, Words] = {}
    for module in modules:
        twice = merged.keys() & module.WORDS.keys()
        if twice:
            raise ValueError(f"words defined twice: {sorted(twice)}")
        merged.update(module.WORDS)
    return merged


WORDS: dict[str, Words] = _merged(site, accounts, customer, staff, incompany)

NRN_CODES = ("missing", "length", "format", "checksum", "birth_date")
"""What the portal finds wrong with a national register number as typed (R-I8)."""

FIELD_ERROR_WORDS: dict[str, str] = {
    "missing": "field.missing",
    "string_too_short": "field.too_short",
    "string_too_long": "field.too_long",
    "value_error": "field.invalid_email",
    "literal_error": "field.invalid_choice",
    "enum": "field.invalid_choice",
    "uuid_parsing": "field.invalid_choice",
    "invalid_amount": "field.invalid_amount",
    "decimal_parsing": "field.invalid_amount",
    "weak_password": "field.weak_password",
    "email_taken": "field.email_taken",
    "invalid_instant": "field.invalid_instant",
    **{f"nrn.{code}": f"nrn.{code}" for code in NRN_CODES},
}
"""The field-error codes (pydantic's, and the portal's own) the portal words itself."""


FIELD_WORDS: dict[str, str] = {
    "registration_number": "field.invalid_registration_number",
    "vat_number": "field.invalid_vat_number",
}
"""A form field refused with a generic code (`invalid`, `invalid_company_number`): the
portal's words for what is wrong with it (R-A1: the company number checked)."""


def translate(language: Language, key: str, **params: Any) -> str:
    """The words of `key` in `language`, their `{placeholders}` filled; the key itself when
    it is unknown (a test keeps that from happening)."""
    words = WORDS.get(key)
    if words is None:
        return key
    text: str = getattr(words, language)
    return text.format(**params) if params else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
