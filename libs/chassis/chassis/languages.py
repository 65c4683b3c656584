"""The reader's language: French, Dutch or English, chosen from `Accept-Language`.

The platform speaks the three languages of its customers (PRODUCT.md). An API
answer's words follow the request's `Accept-Language` (RFC 9110 weights); a
request that names none of the three gets English, the language of programs.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "nl", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "nl", "en")
DEFAULT: Language = "en"


def negotiate(accept_language: str | None, default: Language = DEFAULT) -> Language:
    """The best of fr/nl/en for an Accept-Language header (`nl-BE,nl;q=0.9,en;q=0.5`)."""
    if not accept_language:
        return default
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate(accept_language.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if primary in LANGUAGES and weight > 0:
            candidate = (weight, -position, primary)  # the heavier, then the first named
            if best is None or candidate > best:
                best = (weight, -position, primary)  # type: ignore[assignment]
    return best[2] if best is not None else default
