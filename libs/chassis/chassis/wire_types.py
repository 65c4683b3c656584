"""Values whose published schema says exactly what the service takes.

A client generated from the OpenAPI document, or a fuzzer, must not meet a
refusal for a value the document calls valid, nor an acceptance of one it
calls invalid (tests/security/test_openapi_fuzz.py). Pydantic's defaults drift
from their schema in two ways these types close:

- a `Decimal` is published as "a number or any string", takes "1e2" and
  digits of any script, and refuses too many decimals unseen: amounts and
  rates here are decimal numerals as text (`"600.00"`, as every client sends
  them: no float rounding), published with a pattern saying their bounds,
  which the field or the service's rules check, each with its message;
- an `AwareDatetime` is published as an RFC 3339 `date-time` but takes a bare
  number as seconds since 1970 (`?from=0`): an `InstantIn` refuses it.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Field, WithJsonSchema

NUMERAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _numeral(value: Any) -> Any:
    """A decimal numeral as text (`"600.00"`); its bounds are the field's or the rules'
    to check, each with its own message."""
    if isinstance(value, Decimal):
        return value  # built in code, not read from a request
    if not isinstance(value, str) or not NUMERAL.fullmatch(value):
        raise ValueError('give it as text of the form "600.00"')
    return value


def _decimal_schema(pattern: str, example: str, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "string", "pattern": pattern, "examples": [example], "description": description}
    )


MONEY_PATTERN = r"^[0-9]{1,8}(\.[0-9]{1,2})?$"
POSITIVE_MONEY_PATTERN = r"^(?=[0-9.]*[1-9])[0-9]{1,8}(\.[0-9]{1,2})?$"
RATE_PATTERN = r"^0\.(?=[0-9]*[1-9])[0-9]{1,4}$"

Money = Annotated[
    Decimal,
    BeforeValidator(_numeral),
    Field(ge=0, max_digits=10, decimal_places=2),
    _decimal_schema(MONEY_PATTERN, "600.00", "EUR as text, at most 2 decimals, 0 or more"),
]
PositiveMoney = Annotated[
    Decimal,
    BeforeValidator(_numeral),  # 0, -5 and 3 decimals: the rules refuse them, saying why
    _decimal_schema(
        POSITIVE_MONEY_PATTERN, "600.00", "EUR as text, at most 2 decimals, more than 0"
    ),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_numeral),
    Field(gt=0, lt=1, decimal_places=4),
    _decimal_schema(RATE_PATTERN, "0.15", "A fraction above 0 and below 1 as text, 4 decimals"),
]

INSTANT_PATTERN = re.compile(r"[0-9]{4}-")


def _not_a_number(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not INSTANT_PATTERN.match(value):
        raise ValueError("give an RFC 3339 instant with its offset, e.g. 2027-01-04T09:00:00+01:00")
    return value


InstantIn = Annotated[AwareDatetime, BeforeValidator(_not_a_number)]
"""An instant with its offset, as RFC 3339 text: never a bare number of seconds."""

SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")
"""Top-level domains no mailbox has (RFC 6761): `EmailStr` refuses them."""
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = (
    rf"^{_ATOM}{{1,32}}(\.{_ATOM}{{1,15}}){{0,2}}@({_LABEL}\.){{1,4}}"
    rf"(?!({'|'.join(SPECIAL_USE_DOMAINS)})$)[A-Za-z]{{2,63}}$"
)
"""What `EmailStr` takes, as a pattern for the published document: a dot-atom mailbox at a
domain of two labels or more whose top level is not special-use."""
