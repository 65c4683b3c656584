"""Addresses in events are checked where they enter, and taken as checked on later hops."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import email_validator
import pytest
from pydantic import ValidationError

from contracts import Envelope
from contracts.accounts import UserRegisteredV1
from contracts.emails import emails_checked
from contracts.enrollment import Trainee

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def counting(monkeypatch) -> list[str]:
    checked: list[str] = []
    real = email_validator.validate_email

    def count(address, *args, **kwargs):
        checked.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(email_validator, "validate_email", count)
    return checked


def test_an_address_is_checked_fully_unless_said_checked(monkeypatch):
    checked = counting(monkeypatch)
    with pytest.raises(ValidationError):
        Trainee(full_name="A", email="a@b")  # no dot in the domain: refused
    assert Trainee(full_name="A", email="Ada@Example.BE").email == "Ada@example.be"
    assert len(checked) == 2
    with emails_checked():
        assert Trainee(full_name="A", email="ada@example.be").email == "ada@example.be"
        for never_an_address in ("", "ada", 42):  # still refused: no @, not text
            with pytest.raises(ValidationError):
                Trainee(full_name="A", email=never_an_address)
    assert len(checked) == 2 + 2  # "" and "ada" went to the full check, and failed
    with pytest.raises(ValidationError):
        Trainee(full_name="A", email="a@b")  # the block is over


def test_an_event_read_from_the_bus_is_not_checked_again(monkeypatch):
    event = UserRegisteredV1(
        user_id=uuid4(), email="ada@example.be", full_name="Ada", account_kind="individual"
    )
    envelope = Envelope.wrap(event, producer="accounts", occurred_at=NOW, correlation_id="c")
    received = Envelope.model_validate_json(envelope.model_dump_json())
    checked = counting(monkeypatch)
    assert received.event() == event
    assert checked == []  # accounts checked it when the person registered
    broken = received.model_copy(update={"payload": {**received.payload, "email": "nobody"}})
    with pytest.raises(ValidationError):
        broken.event()  # not an address at all: refused still
