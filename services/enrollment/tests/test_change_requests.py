"""R-C5: the customer asks to cancel or move; customer service cancels, moves or declines."""

from __future__ import annotations

from datetime import timedelta


async def setup(enrollment):
    course = await enrollment.course("PY-101", "1000.00")
    first = await enrollment.session(course["id"], seats=5)
    later = await enrollment.session(course["id"], seats=1, starts_in=timedelta(days=60))
    me = enrollment.individual("a@x.fr")
    [booking] = (await enrollment.book(first["id"], me, ("Anne", "a@x.fr"))).json()
    await enrollment.client.post(f"/bookings/{booking['id']}/validate", headers=enrollment.staff())
    return first, later, me, booking


async def seats_left(enrollment, session) -> int:
    return (await enrollment.client.get(f"/sessions/{session['id']}")).json()["seats_left"]


async def test_r_c5_a_cancel_request_resolved_by_cancelling_frees_the_seat_and_tells_billing(
    enrollment,
):
    first, _, me, booking = await setup(enrollment)
    asked = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "cancel", "message": "Je ne peux plus venir"},
        headers=me,
    )
    assert asked.status_code == 201, asked.text
    again = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "cancel", "message": "encore"},
        headers=me,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "change_request_open"
    [open_request] = (
        await enrollment.client.get("/change-requests", headers=enrollment.staff())
    ).json()["items"]
    assert open_request["message"] == "Je ne peux plus venir"
    # the customer follows their own request (issue 13), on its own and on the booking
    [own] = (await enrollment.client.get("/change-requests", headers=me)).json()["items"]
    assert own["id"] == open_request["id"]
    on_booking = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert [r["id"] for r in on_booking["change_requests"]] == [own["id"]]

    resolved = await enrollment.client.post(
        f"/change-requests/{open_request['id']}/resolve",
        json={"outcome": "cancelled", "reason": "Annulation sans frais"},
        headers=enrollment.staff(),
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["state"] == "resolved"
    seen = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert seen["status"] == "cancelled"
    assert await seats_left(enrollment, first) == 5
    [cancelled] = await enrollment.published("enrollment.booking.cancelled.v1")
    assert cancelled["booking_id"] == booking["id"]
    [outcome] = await enrollment.published("enrollment.change-request.resolved.v1")
    assert (outcome["outcome"], outcome["reason"]) == ("cancelled", "Annulation sans frais")
    twice = await enrollment.client.post(
        f"/change-requests/{open_request['id']}/resolve",
        json={"outcome": "cancelled"},
        headers=enrollment.staff(),
    )
    assert twice.status_code == 409
    after = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "cancel", "message": "?"},
        headers=me,
    )
    assert after.status_code == 409
    assert "cancelled booking cannot be changed" in after.json()["detail"]
    assert after.json()["code"] == "booking_closed"


async def test_r_c5_a_move_takes_a_seat_in_the_new_session_and_keeps_the_price(enrollment):
    first, later, me, booking = await setup(enrollment)
    asked = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "move", "target_session_id": later["id"], "message": "Plutôt en janvier"},
        headers=me,
    )
    assert asked.status_code == 201, asked.text
    resolved = await enrollment.client.post(
        f"/change-requests/{asked.json()['id']}/resolve",
        json={"outcome": "moved", "reason": "Déplacé"},
        headers=enrollment.staff(),
    )
    assert resolved.status_code == 200, resolved.text
    seen = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert seen["session"]["id"] == later["id"]
    assert seen["status"] == "validated"
    assert seen["price"] == "1000.00"
    assert (await seats_left(enrollment, first), await seats_left(enrollment, later)) == (5, 0)
    [outcome] = await enrollment.published("enrollment.change-request.resolved.v1")
    assert outcome["session"]["session_id"] == later["id"]


async def test_r_c5_a_move_to_a_full_session_is_refused_and_changes_nothing(enrollment):
    first, later, me, booking = await setup(enrollment)
    other = enrollment.individual("b@x.fr")
    await enrollment.book(later["id"], other, ("Bob", "b@x.fr"))
    asked = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "move", "target_session_id": later["id"], "message": "janvier ?"},
        headers=me,
    )
    refused = await enrollment.client.post(
        f"/change-requests/{asked.json()['id']}/resolve",
        json={"outcome": "moved"},
        headers=enrollment.staff(),
    )
    assert refused.status_code == 409
    assert "not enough seats" in refused.json()["detail"]
    assert refused.json()["code"] == "seats_full"
    seen = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert seen["session"]["id"] == first["id"]
    assert await enrollment.published("enrollment.change-request.resolved.v1") == []


async def test_r_c5_declining_needs_a_reason_and_the_customer_is_told(enrollment):
    _, _, me, booking = await setup(enrollment)
    asked = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "cancel", "message": "Trop cher"},
        headers=me,
    )
    url = f"/change-requests/{asked.json()['id']}/resolve"
    silent = await enrollment.client.post(
        url, json={"outcome": "declined"}, headers=enrollment.staff()
    )
    assert silent.status_code == 422
    assert "reason" in silent.json()["detail"]
    declined = await enrollment.client.post(
        url,
        json={"outcome": "declined", "reason": "La session commence demain"},
        headers=enrollment.staff(),
    )
    assert declined.status_code == 200
    [outcome] = await enrollment.published("enrollment.change-request.resolved.v1")
    assert outcome["outcome"] == "declined"
    assert outcome["placed_by_email"] == "a@x.fr"
    seen = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert seen["status"] == "validated"
    assert seen["history"][-1]["note"] == "change request declined: La session commence demain"


async def test_r_c5_only_the_customer_who_placed_it_may_ask_and_moves_stay_in_the_course(
    enrollment,
):
    _, _, _, booking = await setup(enrollment)
    stranger = enrollment.individual("z@x.fr")
    answer = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "cancel", "message": "!"},
        headers=stranger,
    )
    assert answer.status_code == 403
    other_course = await enrollment.course("SQL-201", "500.00")
    elsewhere = await enrollment.session(other_course["id"])
    wrong = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "move", "target_session_id": elsewhere["id"], "message": "SQL ?"},
        headers=enrollment.individual("a@x.fr"),
    )
    assert wrong.status_code == 422
    assert "same course" in wrong.json()["detail"]
