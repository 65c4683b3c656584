"""Amounts, rates and instants: what the published schema says is what the service takes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from pydantic import BaseModel, EmailStr, TypeAdapter, ValidationError

from chassis.wire_types import EMAIL_PATTERN, InstantIn, Money, PositiveMoney, Rate


class Prices(BaseModel):
    price: Money
    amount: PositiveMoney | None = None
    rate: Rate | None = None


@pytest.mark.parametrize("text", ["600.00", "0", "12345678.5"])
def test_an_amount_is_a_decimal_numeral_as_text(text):
    assert Prices(price=text).price == Decimal(text)
    assert re.fullmatch(Prices.model_json_schema()["properties"]["price"]["pattern"], text)


@pytest.mark.parametrize("given", [600, 600.0, "", "1e2", "6 00", "-1", "1.234", "٦٠٠"])
def test_a_number_or_a_text_the_pattern_refuses_is_refused(given):
    with pytest.raises(ValidationError):
        Prices(price=given)
    if isinstance(given, str):
        assert not re.fullmatch(Prices.model_json_schema()["properties"]["price"]["pattern"], given)


@pytest.mark.parametrize(
    ("rate", "taken"),
    [
        ("0.15", True),
        ("0.0001", True),
        ("0", False),
        ("1", False),
        ("0.00001", False),
        (".5", False),
    ],
)
def test_a_rate_is_above_0_below_1_with_4_decimals_in_the_schema_and_the_service(rate, taken):
    pattern = Prices.model_json_schema()["properties"]["rate"]["anyOf"][0]["pattern"]
    assert bool(re.fullmatch(pattern, rate)) is taken
    try:
        Prices(price="1", rate=rate)
    except ValidationError:
        assert not taken
    else:
        assert taken


@pytest.mark.parametrize("given", [0, "0", "1700000000"])
def test_an_instant_is_never_a_number_of_seconds(given):
    with pytest.raises(ValidationError):
        TypeAdapter(InstantIn).validate_python(given)
    assert TypeAdapter(InstantIn).validate_python("2027-01-04T09:00:00+01:00").hour == 9


@pytest.mark.parametrize(
    ("email", "taken"),
    [
        ("ada@x.example", True),
        ("a.b+c@mail.example.be", True),
        ("0@0", False),
        ("ada@host.test", False),
        ("ada@localhost", False),
    ],
)
def test_the_email_pattern_takes_what_emailstr_takes(email, taken):
    assert bool(re.fullmatch(EMAIL_PATTERN, email)) is taken
    try:
        TypeAdapter(EmailStr).validate_python(email)
    except ValidationError:
        assert not taken
    else:
        assert taken
