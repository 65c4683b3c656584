"""Booking requests (R-C1, R-A2), history (R-A4, R-A5), validation (R-C2, R-C3), status (R-C4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from contracts.identity import Role
from enrollment.entrypoints.scans import flag_overdue


async def a_session(enrollment, seats: int = 12) -> dict:
    course = await enrollment.course("PY-101", "1000.00")
    return await enrollment.session(course["id"], seats=seats)


async def test_r_c1_an_individual_enrolls_themselves_and_the_request_is_published(enrollment):
    session = await a_session(enrollment)
    me = enrollment.individual("ines@example.fr")
    answer = await enrollment.book(session["id"], me, ("Inès Dupont", "Ines@Example.fr"))
    assert answer.status_code == 201, answer.text
    [booking] = answer.json()
    assert booking["status"] == "pending_validation"
    assert booking["price"] == "1000.00"
    assert [h["status"] for h in booking["history"]] == ["pending_validation"]
    assert booking["session"]["seats_left"] == 11  # the answer shows the seat it took
    # Wednesday 10:00 Paris + 24 business hours
    assert booking["validation_due_at"] == "2026-11-26T09:00:00Z"  # UTC, like every service
    [event] = await enrollment.published("enrollment.booking.requested.v1")
    assert event["booking_id"] == booking["id"]
    assert event["placed_by_email"] == "ines@example.fr"
    assert event["placed_by_staff"] is False
    assert event["price"] == "1000.00"
    seats = (await enrollment.client.get(f"/sessions/{session['id']}")).json()["seats_left"]
    assert seats == 11


async def test_r_c1_an_individual_cannot_enroll_someone_else(enrollment):
    session = await a_session(enrollment)
    answer = await enrollment.book(
        session["id"], enrollment.individual("ines@example.fr"), ("Paul", "paul@example.fr")
    )
    assert answer.status_code == 403
    assert "only its holder" in answer.json()["detail"]
    assert answer.json()["code"] == "individual_books_only_self"


async def test_r_c1_a_manager_enrolls_colleagues_all_seats_or_none(enrollment):
    session = await a_session(enrollment, seats=3)
    company = await enrollment.company()
    manager = enrollment.manager(company)
    colleagues = [("Marc", "marc@corp.example"), ("Lea", "lea@corp.example")]
    answer = await enrollment.book(session["id"], manager, *colleagues, placed_by_name="Manon")
    assert answer.status_code == 201, answer.text
    bookings = answer.json()
    assert {b["trainee_email"] for b in bookings} == {"marc@corp.example", "lea@corp.example"}
    assert len({b["request_id"] for b in bookings}) == 1
    assert all(b["company_id"] == str(company) for b in bookings)

    too_many = await enrollment.book(
        session["id"],
        manager,
        ("A", "a@corp.example"),
        ("B", "b@corp.example"),
        placed_by_name="Manon",
    )
    assert too_many.status_code == 409
    assert "2 asked, 1 left" in too_many.json()["detail"]
    assert too_many.json()["code"] == "seats_full"
    twice = await enrollment.book(
        session["id"],
        manager,
        ("A", "a@corp.example"),
        ("A", "A@corp.example"),
        placed_by_name="Manon",
    )
    assert twice.status_code == 422
    assert twice.json()["code"] == "duplicate_trainee"
    seats = (await enrollment.client.get(f"/sessions/{session['id']}")).json()["seats_left"]
    assert seats == 1


async def test_r_a2_customer_service_enrolls_a_person_by_email(enrollment):
    session = await a_session(enrollment)
    answer = await enrollment.book(
        session["id"],
        enrollment.staff(),
        ("Paul Martin", "paul@example.fr"),
        placed_for={"full_name": "Paul Martin", "email": "paul@example.fr"},
    )
    assert answer.status_code == 201, answer.text
    [event] = await enrollment.published("enrollment.booking.requested.v1")
    assert event["placed_by_staff"] is True
    assert event["placed_by_user_id"] is None
    assert event["placed_by_email"] == "paul@example.fr"
    # the person, once their account exists, sees it in their history
    mine = await enrollment.client.get(
        "/bookings", headers=enrollment.individual("paul@example.fr")
    )
    assert [b["trainee_name"] for b in mine.json()["items"]] == ["Paul Martin"]
    # staff must say for whom
    missing = await enrollment.book(session["id"], enrollment.staff(), ("X", "x@example.fr"))
    assert missing.status_code == 422
    assert "placed_for" in missing.json()["detail"]


async def test_a_booking_needs_a_token_and_a_booking_role(enrollment):
    session = await a_session(enrollment)
    body = {"session_id": session["id"], "trainees": [{"full_name": "A", "email": "a@b.fr"}]}
    assert (await enrollment.client.post("/bookings", json=body)).status_code == 401
    for role in (Role.HR, Role.PARTICIPANT, Role.TRAINER):
        headers = enrollment.headers(role, email="a@b.fr")
        assert (
            await enrollment.client.post("/bookings", json=body, headers=headers)
        ).status_code == 403
    unknown = {**body, "session_id": str(uuid4())}
    answer = await enrollment.client.post(
        "/bookings", json=unknown, headers=enrollment.individual("a@b.fr")
    )
    assert answer.status_code == 404


async def test_r_a4_r_a5_history_follows_the_login_email(enrollment):
    session = await a_session(enrollment)
    company = await enrollment.company()
    old = enrollment.manager(company, email="manon@corp.example")
    await enrollment.book(session["id"], old, ("Manon", "manon@corp.example"))
    await enrollment.book(session["id"], old, ("Marc", "marc@corp.example"), placed_by_name="Manon")
    # a colleague's own placement does not show in Manon's history
    colleague = enrollment.manager(company, email="lea@corp.example")
    await enrollment.book(session["id"], colleague, ("Lea", "lea@corp.example"))

    mine = (await enrollment.client.get("/bookings", headers=old)).json()["items"]
    assert [b["trainee_name"] for b in mine] == ["Manon", "Marc"]
    # after the login email changed, the token carries the new one: the old placements hide
    new = enrollment.manager(company, email="manon.new@corp.example")
    assert (await enrollment.client.get("/bookings", headers=new)).json()["items"] == []
    other = mine[0]["id"]
    assert (await enrollment.client.get(f"/bookings/{other}", headers=new)).status_code == 403
    assert (await enrollment.client.get(f"/bookings/{other}", headers=colleague)).status_code == 403
    assert (await enrollment.client.get("/bookings")).status_code == 401


async def test_r_c2_r_c3_staff_validate_in_deadline_order_and_the_customer_is_told(enrollment):
    session = await a_session(enrollment)
    first = (
        await enrollment.book(session["id"], enrollment.individual("a@x.fr"), ("A", "a@x.fr"))
    ).json()
    enrollment.clock.advance(timedelta(hours=2))
    second = (
        await enrollment.book(session["id"], enrollment.individual("b@x.fr"), ("B", "b@x.fr"))
    ).json()
    queue = (await enrollment.client.get("/bookings/pending", headers=enrollment.staff())).json()[
        "items"
    ]
    assert [b["id"] for b in queue] == [first[0]["id"], second[0]["id"]]
    assert (
        await enrollment.client.get("/bookings/pending", headers=enrollment.individual())
    ).status_code == 403

    customer = enrollment.individual("b@x.fr")
    refused = await enrollment.client.post(
        f"/bookings/{second[0]['id']}/validate", headers=customer
    )
    assert refused.status_code == 403
    validated = await enrollment.client.post(
        f"/bookings/{second[0]['id']}/validate", headers=enrollment.staff()
    )
    assert validated.status_code == 200
    assert validated.json()["status"] == "validated"
    again = await enrollment.client.post(
        f"/bookings/{second[0]['id']}/validate", headers=enrollment.staff()
    )
    assert again.status_code == 409
    assert "only a pending booking" in again.json()["detail"]
    assert again.json()["code"] == "not_pending"
    [event] = await enrollment.published("enrollment.booking.validated.v1")
    assert event["booking_id"] == second[0]["id"]
    assert event["trainee"] == {"full_name": "B", "email": "b@x.fr"}
    assert event["session"]["course_code"] == "PY-101"

    rejected = await enrollment.client.post(
        f"/bookings/{first[0]['id']}/reject",
        json={"reason": "Session réservée"},
        headers=enrollment.staff(),
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["session"]["seats_left"] == 11  # and the seat it freed
    [event] = await enrollment.published("enrollment.booking.rejected.v1")
    assert event["reason"] == "Session réservée"
    seats = (await enrollment.client.get(f"/sessions/{session['id']}")).json()["seats_left"]
    assert seats == 11


async def test_r_c2_a_request_made_friday_17h_before_a_holiday_monday_is_overdue_tuesday_17h(
    start_enrollment,
):
    # Friday 3 April 2026, 17:00 in Paris (15:00 UTC); Monday 6 April is Easter Monday.
    enrollment = await start_enrollment(now=datetime(2026, 4, 3, 15, tzinfo=UTC))
    session = await a_session(enrollment)
    [booking] = (
        await enrollment.book(session["id"], enrollment.individual("a@x.fr"), ("A", "a@x.fr"))
    ).json()
    assert booking["validation_due_at"] == "2026-04-07T15:00:00Z"  # 17:00 in Paris

    enrollment.clock.set(datetime(2026, 4, 7, 14, 59, 59, tzinfo=UTC))  # Tuesday 16:59:59
    assert await flag_overdue(enrollment.runtime) == 0
    assert await enrollment.published("enrollment.validation.overdue.v1") == []

    enrollment.clock.advance(timedelta(seconds=1))  # Tuesday 17:00 in Paris
    assert await flag_overdue(enrollment.runtime) == 1
    [alert] = await enrollment.published("enrollment.validation.overdue.v1")
    assert alert["booking_id"] == booking["id"]
    assert alert["due_at"] == "2026-04-07T15:00:00Z"

    # alerted once: later scans flag nothing more, and the queue shows it overdue
    enrollment.clock.advance(timedelta(hours=5))
    assert await flag_overdue(enrollment.runtime) == 0
    assert len(await enrollment.published("enrollment.validation.overdue.v1")) == 1
    [queued] = (
        await enrollment.client.get("/bookings/pending", headers=enrollment.staff())
    ).json()["items"]
    assert queued["overdue"] is True


async def test_r_c2_a_request_validated_in_time_is_never_flagged(enrollment):
    session = await a_session(enrollment)
    [booking] = (
        await enrollment.book(session["id"], enrollment.individual("a@x.fr"), ("A", "a@x.fr"))
    ).json()
    enrollment.clock.advance(timedelta(hours=23))
    await enrollment.client.post(f"/bookings/{booking['id']}/validate", headers=enrollment.staff())
    enrollment.clock.advance(timedelta(days=3))
    assert await flag_overdue(enrollment.runtime) == 0


async def test_r_c4_billings_v2_invoice_event_moves_the_status_as_v1_did(enrollment):
    session = await a_session(enrollment)
    me = enrollment.individual("a@x.fr")
    [booking] = (await enrollment.book(session["id"], me, ("A", "a@x.fr"))).json()
    await enrollment.client.post(f"/bookings/{booking['id']}/validate", headers=enrollment.staff())
    await enrollment.invoice(booking, "500.00", number="2026-000001", v2=True)
    await enrollment.invoice(booking, booking["price"], number="2026-000002", v2=True)
    seen = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert [h["status"] for h in seen["history"]][-2:] == ["partly_invoiced", "invoiced"]


async def test_r_c4_invoices_move_the_status_to_partly_invoiced_then_invoiced(enrollment):
    session = await a_session(enrollment)
    me = enrollment.individual("a@x.fr")
    [booking] = (await enrollment.book(session["id"], me, ("A", "a@x.fr"))).json()
    await enrollment.client.post(f"/bookings/{booking['id']}/validate", headers=enrollment.staff())

    await enrollment.invoice(booking, "500.00", number="2026-000001")
    assert (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()[
        "status"
    ] == "partly_invoiced"
    await enrollment.invoice(booking, "1000.00", number="2026-000002")
    # an older invoice's event arriving late changes nothing
    await enrollment.invoice(booking, "500.00", number="2026-000001")
    seen = (await enrollment.client.get(f"/bookings/{booking['id']}", headers=me)).json()
    assert seen["status"] == "invoiced"
    assert seen["invoiced_total"] == "1000.00"
    assert [h["status"] for h in seen["history"]] == [
        "pending_validation",
        "validated",
        "partly_invoiced",
        "invoiced",
    ]
