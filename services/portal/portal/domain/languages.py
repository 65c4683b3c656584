"""The reader's language: the switch they chose (a cookie), else their browser's
`Accept-Language`, else French, the platform's first language (PRODUCT.md, section N)."""

from __future__ import annotations

from typing import Literal, cast

from chassis.languages import negotiate

Language = Literal["fr", "nl", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "nl", "en")
NAMES: dict[Language, str] = {"fr": "Français", "nl": "Nederlands", "en": "English"}
"""Each language named in itself, for the switch."""


def choose(chosen: str | None, accept_language: str | None, default: Language = "fr") -> Language:
    """The switch wins; then the browser's preference among fr/nl/en; then `default`."""
    if chosen in LANGUAGES:
        return cast(Language, chosen)
    return negotiate(accept_language, default)
