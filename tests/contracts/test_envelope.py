"""The envelope is the wire format: it must survive JSON and refuse what it cannot vouch for."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from pydantic import ValidationError

from contracts import Envelope, Event
from contracts.accounts import UserRegisteredV1
from contracts.enrollment import BookingRequestedV1, SessionFacts, Trainee

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _user_registered() -> UserRegisteredV1:
    return UserRegisteredV1(
        user_id=uuid4(),
        email="ada@example.com",
        full_name="Ada Lovelace",
        language="en",
        account_kind="individual",
    )


def _booking_requested() -> BookingRequestedV1:
    """Nested models, a decimal and optional fields: the shapes most likely to drift in JSON."""
    return BookingRequestedV1(
        booking_id=uuid4(),
        session=SessionFacts(
            session_id=uuid4(),
            course_code="PY-101",
            course_title="Python for analysts",
            starts_at=NOW + timedelta(days=30),
            ends_at=NOW + timedelta(days=31),
            location="remote",
        ),
        trainee=Trainee(full_name="Grace Hopper", email="grace@example.com"),
        placed_by_email="grace@example.com",
        placed_by_user_id=None,
        placed_by_name="Grace Hopper",
        placed_by_staff=False,
        company_id=None,
        price=Decimal("375.00"),
        validation_due_at=NOW + timedelta(days=1),
    )


def _wrap(event: Event) -> Envelope:
    return Envelope.wrap(event, producer="tests", occurred_at=NOW, correlation_id="req-1")


@pytest.mark.parametrize("event", [_user_registered(), _booking_requested()])
def test_envelope_round_trips_through_json(event):
    envelope = _wrap(event)
    received = Envelope.model_validate_json(envelope.model_dump_json())
    assert received == envelope
    assert received.event() == event
    assert type(received.event()) is type(event)


def test_an_unknown_event_name_raises_lookup_error():
    envelope = _wrap(_user_registered()).model_copy(update={"name": "accounts.user.vanished.v1"})
    with pytest.raises(LookupError, match=re.escape("accounts.user.vanished.v1")):
        envelope.event()


def test_a_payload_with_an_extra_field_is_refused():
    envelope = _wrap(_user_registered())
    tampered = envelope.model_copy(update={"payload": {**envelope.payload, "is_admin": True}})
    with pytest.raises(ValidationError, match="is_admin"):
        tampered.event()


@pytest.mark.parametrize(
    "unversioned",
    ["tests.thing.happened", "tests.thing.happened.latest", "tests.thing.happened.v", "v1"],
)
def test_an_event_name_without_a_version_is_refused_at_class_definition(unversioned):
    with pytest.raises(ValueError, match="must look like"):

        class Unversioned(Event):
            name = unversioned
