"""A booking request is one transaction of at most three statements on PostgreSQL (four with
an agreement's prices), whatever the number of trainees, and its answer, built from what
it wrote, is what reading the bookings back shows (issue 17).

Measured before this bound (PR "hotpath"): nine statements and BEGIN/COMMIT for one trainee,
the session and course read twice, the bookings read back for the answer. The statements
are counted with SQLAlchemy's `before_cursor_execute` event, only those sent from the
request's own task (the relay, woken by the commit, runs in another).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from contracts.enrollment import BookingRequestedV1

pytestmark = pytest.mark.postgres

_sent: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("sent", default=None)


@contextlib.contextmanager
def statements_of(enrollment: Any) -> Iterator[list[str]]:
    """The statements (and BEGIN, COMMIT, ROLLBACK) the block's own task sends."""
    engine = enrollment.runtime.db.engine.sync_engine

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if (sent := _sent.get()) is not None:
            sent.append(sql)

    def ending(kind: str) -> Any:
        def listener(*_: Any) -> None:
            if (sent := _sent.get()) is not None:
                sent.append(kind)

        return listener

    listeners = [("before_cursor_execute", statement)] + [
        (kind.lower(), ending(kind)) for kind in ("BEGIN", "COMMIT", "ROLLBACK")
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    sent: list[str] = []
    token = _sent.set(sent)
    try:
        yield sent
    finally:
        _sent.reset(token)
        for name, listener in listeners:
            event.remove(engine, name, listener)


def statements(sent: list[str]) -> list[str]:
    return [s for s in sent if s not in ("BEGIN", "COMMIT", "ROLLBACK")]


async def test_an_individual_booking_is_one_transaction_of_three_statements(
    start_enrollment, fresh_database
):
    enrollment = await start_enrollment(database_url=await fresh_database())
    course = await enrollment.course("PY-101", "1000.00")
    session = await enrollment.session(course["id"], seats=5)

    with statements_of(enrollment) as sent:
        answer = await enrollment.book(
            session["id"], enrollment.individual(), ("Ines", "ines@example.fr")
        )
    assert answer.status_code == 201, answer.text
    assert (sent.count("BEGIN"), sent.count("COMMIT")) == (1, 1), sent
    assert len(statements(sent)) <= 3, statements(sent)

    [booking] = answer.json()
    assert booking["session"]["seats_left"] == 4
    assert booking["history"] == [
        {"at": "2026-11-25T09:00:00Z", "status": "pending_validation", "note": ""}
    ]
    read = await enrollment.client.get(
        f"/bookings/{booking['id']}", headers=enrollment.individual()
    )
    assert read.json() == booking  # the answer from memory is what was stored


async def test_a_manager_booking_colleagues_at_agreement_prices_sends_four_statements(
    start_enrollment, fresh_database
):
    enrollment = await start_enrollment(database_url=await fresh_database())
    course = await enrollment.course("PY-101", "1000.00")
    session = await enrollment.session(course["id"], seats=10)
    company = await enrollment.company()
    manager = enrollment.manager(company)
    recorded = await enrollment.client.post(
        f"/companies/{company}/agreements",
        json={"discount_rate": "0.10", "course_prices": {"PY-101": "800.00"}},
        headers=enrollment.staff(),
    )
    assert recorded.status_code == 201, recorded.text
    first = await enrollment.book(session["id"], manager, ("Manon", "manon@corp.example"))
    await enrollment.client.post(
        f"/bookings/{first.json()[0]['id']}/validate", headers=enrollment.staff()
    )
    enrollment.clock.set(enrollment.clock.now().replace(day=28))  # after Saturday's cut-off

    trainees = [(f"Colleague {i}", f"c{i}@corp.example") for i in range(3)]
    with statements_of(enrollment) as sent:
        answer = await enrollment.book(session["id"], manager, *trainees, placed_by_name="Manon")
    assert answer.status_code == 201, answer.text
    assert (sent.count("BEGIN"), sent.count("COMMIT")) == (1, 1), sent
    assert len(statements(sent)) <= 4, statements(sent)

    placed = answer.json()
    assert [b["price"] for b in placed] == ["800.00"] * 3  # the agreement's price (R-B2)
    assert [b["trainee_email"] for b in placed] == [e for _, e in trainees]
    assert {b["session"]["seats_left"] for b in placed} == {6}
    listed = await enrollment.client.get(
        "/bookings", params={"request_id": placed[0]["request_id"]}, headers=manager
    )
    assert listed.json()["items"] == placed  # same bookings, same order, same history
    events = await enrollment.published("enrollment.booking.requested.v1")
    for payload in events[-3:]:  # built without re-checking the addresses: still valid
        assert BookingRequestedV1.model_validate(payload).price == 800


async def test_a_refused_booking_takes_no_seat_and_says_why(start_enrollment, fresh_database):
    enrollment = await start_enrollment(database_url=await fresh_database())
    course = await enrollment.course("PY-101", "1000.00")
    session = await enrollment.session(course["id"], seats=2)
    manager = enrollment.manager(await enrollment.company())

    full = await enrollment.book(
        session["id"],
        manager,
        *[(f"P{i}", f"p{i}@corp.example") for i in range(3)],
        placed_by_name="Manon",
    )
    assert full.status_code == 409, full.text
    assert full.json()["code"] == "seats_full"
    assert "3 asked, 2 left" in full.json()["detail"]
    twice = await enrollment.book(
        session["id"],
        manager,
        ("A", "a@corp.example"),
        ("A", "a@corp.example"),
        placed_by_name="Manon",
    )
    assert (twice.status_code, twice.json()["code"]) == (422, "duplicate_trainee"), twice.text
    seats = await enrollment.client.get(f"/sessions/{session['id']}")
    assert seats.json()["seats_left"] == 2  # the seats the refused request took are back
    enrollment.clock.advance(timedelta(days=31))  # the session has started
    late = await enrollment.book(
        session["id"], manager, ("B", "b@corp.example"), placed_by_name="M"
    )
    assert (late.status_code, late.json()["code"]) == (409, "session_started"), late.text
    seats = await enrollment.client.get(f"/sessions/{session['id']}")
    assert seats.json()["seats_left"] == 2
