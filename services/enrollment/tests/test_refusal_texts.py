"""Enrollment's refusals read in the reader's language, with their values (issue 13)."""

from __future__ import annotations

from uuid import uuid4


async def test_an_unknown_booking_is_named_in_the_language_asked(enrollment):
    booking_id = uuid4()
    for language, detail in (
        ("fr", f"aucune inscription {booking_id}"),
        ("nl", f"geen inschrijving {booking_id}"),
        ("en", f"no booking {booking_id}"),
    ):
        answer = await enrollment.client.get(
            f"/bookings/{booking_id}",
            headers={**enrollment.staff(), "Accept-Language": language},
        )
        assert (answer.status_code, answer.json()["code"]) == (404, "unknown_booking")
        assert answer.json()["detail"] == detail
        assert answer.headers["Content-Language"] == language


async def test_full_seats_quote_the_seats_asked_and_left(enrollment):
    course = await enrollment.course()
    session = await enrollment.session(course["id"], seats=1)
    manager = {**enrollment.manager(await enrollment.company()), "Accept-Language": "nl"}
    answer = await enrollment.book(
        session["id"],
        manager,
        ("Ann", "ann@corp.example"),
        ("Bob", "bob@corp.example"),
        placed_by_name="Manon",
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "seats_full")
    assert answer.json()["detail"] == "niet genoeg plaatsen meer in deze sessie: 2 gevraagd, 1 over"
