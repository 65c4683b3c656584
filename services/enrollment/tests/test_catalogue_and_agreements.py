"""The catalogue is public; agreement prices follow R-B2 and R-B3 and stay within the company."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from contracts.identity import Role


async def test_anyone_browses_the_catalogue_staff_alone_manage_it(enrollment):
    course = await enrollment.course("PY-101", "1000.00")
    session = await enrollment.session(course["id"], seats=8)

    courses = (await enrollment.client.get("/courses")).json()["items"]
    assert [(c["code"], c["price"]) for c in courses] == [("PY-101", "1000.00")]
    [listed] = (await enrollment.client.get("/sessions")).json()["items"]
    assert listed["id"] == session["id"]
    assert listed["seats_left"] == 8
    assert listed["starts_at"].endswith("Z")  # UTC, like every service

    body = {"code": "X", "title": "X", "list_price": "1.00"}
    assert (await enrollment.client.post("/courses", json=body)).status_code == 401
    customer = enrollment.individual()
    answer = await enrollment.client.post("/courses", json=body, headers=customer)
    assert answer.status_code == 403
    assert "planner" in answer.json()["detail"]


async def test_bad_catalogue_input_gets_a_clear_error(enrollment):
    course = await enrollment.course("PY-101")
    duplicate = await enrollment.client.post(
        "/courses",
        json={"code": "py-101", "title": "Again", "list_price": "10.00"},
        headers=enrollment.planner(),
    )
    assert duplicate.status_code == 409
    assert "PY-101" in duplicate.json()["detail"]
    assert duplicate.json()["code"] == "course_code_taken"
    now = enrollment.clock.now()
    backwards = await enrollment.client.post(
        "/sessions",
        json={
            "course_id": course["id"],
            "starts_at": (now + timedelta(days=3)).isoformat(),
            "ends_at": (now + timedelta(days=2)).isoformat(),
            "location": "remote",
            "seats": 5,
        },
        headers=enrollment.planner(),
    )
    assert backwards.status_code == 422
    assert "ends_at must be after starts_at" in backwards.json()["detail"]
    naive = await enrollment.client.post(
        "/sessions",
        json={
            "course_id": course["id"],
            "starts_at": "2027-01-10T09:00:00",
            "ends_at": "2027-01-10T17:00:00",
            "location": "remote",
            "seats": 5,
        },
        headers=enrollment.planner(),
    )
    assert naive.status_code == 422
    assert "timezone" in naive.text


async def test_agreements_need_a_known_company_and_real_courses(enrollment):
    await enrollment.course("PY-101")
    company = await enrollment.company()
    unknown = await enrollment.client.post(
        f"/companies/{uuid4()}/agreements",
        json={"discount_rate": "0.10"},
        headers=enrollment.staff(),
    )
    assert unknown.status_code == 404
    assert "is its account registered" in unknown.json()["detail"]
    assert unknown.json()["code"] == "company_not_registered"
    empty = await enrollment.client.post(
        f"/companies/{company}/agreements", json={}, headers=enrollment.staff()
    )
    assert empty.status_code == 422
    assert "discount_rate, course_prices" in empty.json()["detail"]
    wrong_course = await enrollment.client.post(
        f"/companies/{company}/agreements",
        json={"course_prices": {"NOPE-1": "10.00"}},
        headers=enrollment.staff(),
    )
    assert wrong_course.status_code == 422
    assert "NOPE-1" in wrong_course.json()["detail"]
    manager = enrollment.manager(company)
    forbidden = await enrollment.client.post(
        f"/companies/{company}/agreements", json={"discount_rate": "0.10"}, headers=manager
    )
    assert forbidden.status_code == 403


async def prices_seen(enrollment, headers) -> dict[str, str]:
    answer = await enrollment.client.get("/courses", headers=headers)
    assert answer.status_code == 200, answer.text
    return {c["code"]: c["price"] for c in answer.json()["items"]}


async def test_r_b2_r_b3_discounted_prices_appear_after_the_cut_off_and_the_first_validation(
    enrollment,
):
    python = await enrollment.course("PY-101", "1000.00")
    await enrollment.course("SQL-201", "500.00")
    session = await enrollment.session(python["id"], starts_in=timedelta(days=40))
    company = await enrollment.company()
    manager = enrollment.manager(company)

    # Wednesday 25 November, 10:00: the agreement is recorded...
    recorded = await enrollment.client.post(
        f"/companies/{company}/agreements",
        json={"discount_rate": "0.10", "course_prices": {"SQL-201": "400.00"}, "reference": "AC-1"},
        headers=enrollment.staff(),
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["effective_from"] == "2026-11-27T23:00:00Z"  # Saturday 0:00 Paris
    assert recorded.json()["in_effect"] is False

    # ...and the first enrollment is validated at once: still the list price until Saturday.
    first = await enrollment.book(session["id"], manager, ("Manon", "manon@corp.example"))
    assert first.json()[0]["price"] == "1000.00"
    validated = await enrollment.client.post(
        f"/bookings/{first.json()[0]['id']}/validate", headers=enrollment.staff()
    )
    assert validated.status_code == 200, validated.text
    enrollment.clock.set(enrollment.clock.now().replace(day=27, hour=22, minute=59, second=59))
    assert await prices_seen(enrollment, manager) == {"PY-101": "1000.00", "SQL-201": "500.00"}

    # Saturday 00:00 in Paris (Friday 23:00 UTC): the agreement applies.
    enrollment.clock.advance(timedelta(seconds=1))
    assert await prices_seen(enrollment, manager) == {"PY-101": "900.00", "SQL-201": "400.00"}
    second = await enrollment.book(
        session["id"], manager, ("Marc", "marc@corp.example"), placed_by_name="Manon"
    )
    assert second.status_code == 201, second.text
    assert second.json()[0]["price"] == "900.00"

    # Nobody else sees them: not anonymous visitors, not individuals, not another company.
    other = enrollment.manager(await enrollment.company("Other SA"), email="x@other.example")
    for headers in (None, enrollment.individual(), other):
        assert await prices_seen(enrollment, headers) == {"PY-101": "1000.00", "SQL-201": "500.00"}


async def test_r_b2_an_agreement_is_not_shown_before_the_first_validation(enrollment):
    python = await enrollment.course("PY-101", "1000.00")
    company = await enrollment.company()
    await enrollment.client.post(
        f"/companies/{company}/agreements",
        json={"discount_rate": "0.10"},
        headers=enrollment.staff(),
    )
    enrollment.clock.advance(timedelta(days=7))
    session = await enrollment.session(python["id"])
    manager = enrollment.manager(company)
    assert await prices_seen(enrollment, manager) == {"PY-101": "1000.00"}
    [booking] = (
        await enrollment.book(session["id"], manager, ("Manon", "manon@corp.example"))
    ).json()
    assert booking["price"] == "1000.00"
    # the price of a booking is fixed when requested: a later validation does not change it
    await enrollment.client.post(f"/bookings/{booking['id']}/validate", headers=enrollment.staff())
    assert await prices_seen(enrollment, manager) == {"PY-101": "900.00"}
    mine = (await enrollment.client.get("/bookings", headers=manager)).json()["items"]
    assert [b["price"] for b in mine] == ["1000.00"]


async def test_staff_list_agreement_versions_and_companies(enrollment):
    await enrollment.course("PY-101")
    company = await enrollment.company("Corp SAS")
    for rate in ("0.10", "0.15"):
        await enrollment.client.post(
            f"/companies/{company}/agreements",
            json={"discount_rate": rate},
            headers=enrollment.staff(),
        )
        enrollment.clock.advance(timedelta(days=7))
    versions = (
        await enrollment.client.get(f"/companies/{company}/agreements", headers=enrollment.staff())
    ).json()["items"]
    assert [(v["discount_rate"], v["in_effect"]) for v in versions] == [
        ("0.1000", False),
        ("0.1500", True),
    ]
    companies = (await enrollment.client.get("/companies", headers=enrollment.staff())).json()[
        "items"
    ]
    assert [c["legal_name"] for c in companies] == ["Corp SAS"]
    hr = enrollment.minter.headers(Role.HR, company_id=company)
    assert (await enrollment.client.get("/companies", headers=hr)).status_code == 403
