"""Issue 13, for enrollment's clients: a verified email before the history matched on it,
lists in pages with filters, Location on every 201, customers following their change
requests, staff searching bookings, instants in UTC."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from contracts.identity import Role


async def staff_books_for(enrollment, session_id: str, email: str, name: str = "Paul") -> dict:
    answer = await enrollment.book(
        session_id,
        enrollment.staff(),
        (name, email),
        placed_for={"full_name": name, "email": email},
    )
    assert answer.status_code == 201, answer.text
    [booking] = answer.json()
    return booking


async def items(enrollment, path: str, headers: dict | None = None, **params) -> list[dict]:
    answer = await enrollment.client.get(path, headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_an_unverified_sign_up_does_not_see_what_staff_booked_for_that_email(enrollment):
    """Finding 1: registering paul@ before customer service books Paul by phone (R-A2)
    shows nothing of Paul's booking until the address is proven."""
    course = await enrollment.course()
    session = await enrollment.session(course["id"])
    by_phone = await staff_books_for(enrollment, session["id"], "paul@example.fr")
    me = uuid4()
    unverified = enrollment.headers(
        Role.INDIVIDUAL, email="paul@example.fr", user_id=me, email_verified=False
    )
    assert await items(enrollment, "/bookings", unverified) == []
    read = await enrollment.client.get(f"/bookings/{by_phone['id']}", headers=unverified)
    assert read.status_code == 403
    assert read.json()["code"] == "not_your_booking"
    asked = await enrollment.client.post(
        f"/bookings/{by_phone['id']}/change-requests",
        json={"kind": "cancel", "message": "annulez"},
        headers=unverified,
    )
    assert asked.status_code == 403
    # what the account placed itself shows at once
    own = (await enrollment.book(session["id"], unverified, ("Paul", "paul@example.fr"))).json()
    assert [b["id"] for b in await items(enrollment, "/bookings", unverified)] == [own[0]["id"]]

    verified = enrollment.headers(
        Role.INDIVIDUAL, email="paul@example.fr", user_id=me, email_verified=True
    )
    seen = [b["id"] for b in await items(enrollment, "/bookings", verified)]
    assert seen == [by_phone["id"], own[0]["id"]]
    read = await enrollment.client.get(f"/bookings/{by_phone['id']}", headers=verified)
    assert read.status_code == 200


async def test_an_unverified_email_hides_the_change_requests_of_bookings_made_for_it(enrollment):
    course = await enrollment.course()
    session = await enrollment.session(course["id"])
    booking = await staff_books_for(enrollment, session["id"], "paul@example.fr")
    verified = enrollment.individual("paul@example.fr")
    asked = await enrollment.client.post(
        f"/bookings/{booking['id']}/change-requests",
        json={"kind": "cancel", "message": "annulez"},
        headers=verified,
    )
    assert asked.status_code == 201, asked.text
    unverified = enrollment.headers(Role.INDIVIDUAL, email="paul@example.fr", email_verified=False)
    assert await items(enrollment, "/change-requests", unverified) == []
    answer = await enrollment.client.get(asked.headers["Location"], headers=unverified)
    assert answer.status_code == 403


async def test_lists_are_pages_followed_by_next_and_the_link_header(enrollment):
    course = await enrollment.course()
    session = await enrollment.session(course["id"])
    me = enrollment.manager(await enrollment.company(), email="manon@corp.example")
    people = [(f"P{i}", f"p{i}@corp.example") for i in range(5)]
    placed = (await enrollment.book(session["id"], me, *people, placed_by_name="Manon")).json()

    first = await enrollment.client.get("/bookings", headers=me, params={"limit": 2})
    assert first.status_code == 200
    page = first.json()
    assert [b["trainee_name"] for b in page["items"]] == ["P0", "P1"]  # in the order placed
    assert first.headers["Link"] == f'<{page["next"]}>; rel="next"'
    seen = [b["id"] for b in page["items"]]
    while page["next"]:
        page = (await enrollment.client.get(page["next"], headers=me)).json()
        seen += [b["id"] for b in page["items"]]
    assert seen == [b["id"] for b in placed]
    assert page["next_cursor"] is None

    for too_many in (0, 201):
        answer = await enrollment.client.get("/bookings", headers=me, params={"limit": too_many})
        assert answer.status_code == 422
    bad = await enrollment.client.get("/bookings", headers=me, params={"cursor": "nonsense"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_cursor"

    queue = await enrollment.client.get(
        "/bookings/pending", headers=enrollment.staff(), params={"limit": 3}
    )
    assert len(queue.json()["items"]) == 3
    assert queue.json()["next"]
    courses = await enrollment.client.get("/courses", params={"limit": 1})
    assert courses.json()["next"] is None  # one course: one page


async def test_staff_search_bookings_by_status_session_company_and_dates(enrollment):
    course = await enrollment.course()
    early = await enrollment.session(course["id"], starts_in=timedelta(days=20))
    late = await enrollment.session(course["id"], starts_in=timedelta(days=50))
    company = await enrollment.company()
    manager = enrollment.manager(company, email="manon@corp.example")
    [a] = (await enrollment.book(early["id"], manager, ("Manon", "manon@corp.example"))).json()
    enrollment.clock.advance(timedelta(days=2))
    [b] = (
        await enrollment.book(late["id"], enrollment.individual(), ("Inès", "ines@example.fr"))
    ).json()
    await enrollment.client.post(f"/bookings/{a['id']}/validate", headers=enrollment.staff())
    staff = enrollment.staff()

    async def found(**params) -> list[str]:
        return [x["id"] for x in await items(enrollment, "/bookings", staff, **params)]

    assert await found() == [a["id"], b["id"]]  # staff see every booking
    assert await found(status="validated") == [a["id"]]
    assert await found(status="pending_validation") == [b["id"]]
    assert await found(session_id=late["id"]) == [b["id"]]
    assert await found(company_id=str(company)) == [a["id"]]
    since = (enrollment.clock.now() - timedelta(days=1)).isoformat()
    assert await found(requested_from=since) == [b["id"]]
    assert await found(requested_until=since) == [a["id"]]
    middle = (enrollment.clock.now() + timedelta(days=30)).isoformat()
    assert await found(starts_from=middle) == [b["id"]]
    assert await found(starts_until=middle) == [a["id"]]
    assert await found(request_id=b["request_id"]) == [b["id"]]
    naive = await enrollment.client.get(
        "/bookings", headers=staff, params={"requested_from": "2026-11-01T00:00:00"}
    )
    assert naive.status_code == 422
    bad_status = await enrollment.client.get("/bookings", headers=staff, params={"status": "x"})
    assert bad_status.status_code == 422
    # a customer's filters stay within their own bookings
    assert [x["id"] for x in await items(enrollment, "/bookings", manager)] == [a["id"]]
    assert await items(enrollment, "/bookings", manager, session_id=late["id"]) == []


async def test_every_creation_answers_201_with_the_location_it_is_read_at(enrollment):
    planner, staff = enrollment.planner(), enrollment.staff()
    course = await enrollment.client.post(
        "/courses",
        json={"code": "py-101", "title": "Python", "list_price": "1000"},
        headers=planner,
    )
    assert course.headers["Location"] == "/courses/PY-101"
    assert (await enrollment.client.get(course.headers["Location"])).json() == course.json()
    assert (await enrollment.client.get("/courses/NOPE")).status_code == 404

    starts = enrollment.clock.now() + timedelta(days=30)
    session = await enrollment.client.post(
        "/sessions",
        json={
            "course_id": course.json()["id"],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=7)).isoformat(),
            "location": "remote",
            "seats": 10,
        },
        headers=planner,
    )
    assert session.headers["Location"] == f"/sessions/{session.json()['id']}"
    assert (await enrollment.client.get(session.headers["Location"])).json() == session.json()

    company = await enrollment.company()
    agreement = await enrollment.client.post(
        f"/companies/{company}/agreements", json={"discount_rate": "0.10"}, headers=staff
    )
    location = agreement.headers["Location"]
    assert location == f"/companies/{company}/agreements/{agreement.json()['id']}"
    assert (await enrollment.client.get(location, headers=staff)).json() == agreement.json()
    other = await enrollment.company("Other SA")
    wrong = location.replace(str(company), str(other))
    assert (await enrollment.client.get(wrong, headers=staff)).status_code == 404

    me = enrollment.manager(company, email="manon@corp.example")
    booked = await enrollment.book(
        session.json()["id"],
        me,
        ("A", "a@corp.example"),
        ("B", "b@corp.example"),
        placed_by_name="Manon",
    )
    request_id = booked.json()[0]["request_id"]
    assert booked.headers["Location"] == f"/bookings?request_id={request_id}"
    listed = await items(enrollment, "/bookings", me, request_id=request_id)
    assert [b["id"] for b in listed] == [b["id"] for b in booked.json()]

    asked = await enrollment.client.post(
        f"/bookings/{listed[0]['id']}/change-requests",
        json={"kind": "cancel", "message": "annulez"},
        headers=me,
    )
    assert asked.headers["Location"] == f"/change-requests/{asked.json()['id']}"
    read = await enrollment.client.get(asked.headers["Location"], headers=me)
    assert read.json() == asked.json()


async def test_customers_follow_their_own_change_requests_others_get_an_empty_page(enrollment):
    course = await enrollment.course()
    session = await enrollment.session(course["id"])
    anne, bob = enrollment.individual("anne@x.fr"), enrollment.individual("bob@x.fr")
    [mine] = (await enrollment.book(session["id"], anne, ("Anne", "anne@x.fr"))).json()
    [theirs] = (await enrollment.book(session["id"], bob, ("Bob", "bob@x.fr"))).json()
    for booking, who in ((mine, anne), (theirs, bob)):
        asked = await enrollment.client.post(
            f"/bookings/{booking['id']}/change-requests",
            json={"kind": "cancel", "message": "annulez"},
            headers=who,
        )
        assert asked.status_code == 201, asked.text
    [own] = await items(enrollment, "/change-requests", anne)
    assert own["booking_id"] == mine["id"]
    assert own["submitted_at"].endswith("Z")
    staff_sees = await items(enrollment, "/change-requests", enrollment.staff())
    assert {r["booking_id"] for r in staff_sees} == {mine["id"], theirs["id"]}
    assert await items(enrollment, "/change-requests", anne, state="resolved") == []
    assert await items(enrollment, "/change-requests", anne, booking_id=theirs["id"]) == []
    bobs = await enrollment.client.get(f"/change-requests/{own['id']}", headers=bob)
    assert bobs.status_code == 403
    # none of theirs: an empty page, not a refusal
    for role in (Role.PLANNER, Role.TRAINER, Role.PARTICIPANT, Role.HR):
        nobody = enrollment.headers(role, email="someone@else.example")
        assert await items(enrollment, "/change-requests", nobody) == []
        assert await items(enrollment, "/bookings", nobody) == []
    on_booking = (await enrollment.client.get(f"/bookings/{mine['id']}", headers=anne)).json()
    assert [(r["id"], r["state"]) for r in on_booking["change_requests"]] == [(own["id"], "open")]
    assert UUID(on_booking["request_id"])


@pytest.mark.postgres
async def test_pages_follow_the_order_placed_on_postgresql(start_enrollment, fresh_database):
    """The keyset of bookings compares (instant, order placed) as a row on PostgreSQL too."""
    enrollment = await start_enrollment(database_url=await fresh_database())
    course = await enrollment.course()
    session = await enrollment.session(course["id"], seats=20)
    me = enrollment.manager(await enrollment.company(), email="manon@corp.example")
    people = [(f"P{i}", f"p{i}@corp.example") for i in range(7)]
    placed = (await enrollment.book(session["id"], me, *people, placed_by_name="Manon")).json()
    for path, headers in (("/bookings", me), ("/bookings/pending", enrollment.staff())):
        seen, url = [], f"{path}?limit=3"
        while url:
            page = (await enrollment.client.get(url, headers=headers)).json()
            seen += [b["trainee_name"] for b in page["items"]]
            url = page["next"]
        assert seen == [b["trainee_name"] for b in placed] == [name for name, _ in people]
    for booking in placed[:4]:
        asked = await enrollment.client.post(
            f"/bookings/{booking['id']}/change-requests",
            json={"kind": "cancel", "message": "annulez"},
            headers=me,
        )
        assert asked.status_code == 201, asked.text
    first = (
        await enrollment.client.get("/change-requests", headers=me, params={"limit": 3})
    ).json()
    rest = (await enrollment.client.get(first["next"], headers=me)).json()
    assert len(first["items"]) + len(rest["items"]) == 4
    assert rest["next"] is None
