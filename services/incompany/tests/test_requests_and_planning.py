"""R-I1..R-I4, R-I11 through the API: catalogue, plans, requests, planning, confirmation."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from contracts.identity import Role

PROPOSED = "incompany.dates.proposed.v1"
CONFIRMED = "incompany.request.confirmed.v1"


async def test_r_i1_staff_manage_the_catalogue_and_companies_browse_its_active_courses(
    incompany,
):
    company = await incompany.company()
    await incompany.course("XL-ADV", "Excel avancé")
    await incompany.course("PY-101", "Python")
    withdrawn = await incompany.client.put(
        "/courses/py-101",
        json={"title": "Python", "duration_minutes": 210, "active": False},
        headers=incompany.staff(Role.ADMIN),
    )
    assert withdrawn.status_code == 200, withdrawn.text
    browsed = await incompany.client.get("/courses", headers=company.hr)
    assert [c["code"] for c in browsed.json()["items"]] == ["XL-ADV"]
    everything = await incompany.client.get(
        "/courses", params={"include_inactive": True}, headers=incompany.staff()
    )
    assert [c["code"] for c in everything.json()["items"]] == ["PY-101", "XL-ADV"]
    hidden = await incompany.client.get("/courses/PY-101", headers=company.hr)
    assert hidden.status_code == 404
    refused = await incompany.client.post(
        "/courses", json={"code": "X", "title": "X", "duration_minutes": 60}, headers=company.hr
    )
    assert refused.status_code == 403
    twice = await incompany.client.post(
        "/courses",
        json={"code": "xl-adv", "title": "Again", "duration_minutes": 60},
        headers=incompany.staff(),
    )
    assert (twice.status_code, twice.json()["detail"]) == (
        409,
        "code: a course XL-ADV already exists",
    )


async def test_r_i2_a_request_without_a_training_plan_is_refused_with_a_clear_error(incompany):
    company = await incompany.company()
    await incompany.course()
    answer = await incompany.client.post(
        "/requests", json=incompany.request_body(company), headers=company.manager
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        "training_plan: your company has no training plan for 2027; "
        "submit it before requesting in-company training (R-I2)"
    )


async def test_r_i2_a_request_for_fewer_than_6_participants_is_refused(incompany):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    answer = await incompany.client.post(
        "/requests",
        json=incompany.request_body(company, expected_participants=5),
        headers=company.hr,
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        "expected_participants: in-company training needs at least 6 participants (R-I2), got 5"
    )
    assert answer.json()["code"] == "too_few_participants"
    six = await incompany.request(company, expected_participants=6)
    assert six["state"] == "requested"


async def test_r_i2_the_plan_is_recorded_with_its_document_for_the_company_only(incompany):
    company, other = await incompany.company("Acme"), await incompany.company("Globex")
    plan = await incompany.plan(company)
    assert (plan["year"], plan["reference"], plan["document_size"]) == (
        2027,
        "PLAN-2027",
        len(incompany.PDF),
    )
    document = await incompany.client.get(
        f"/training-plans/{plan['id']}/document", headers=company.hr
    )
    assert (document.status_code, document.content) == (200, incompany.PDF)
    assert document.headers["content-type"] == "application/pdf"
    stranger = await incompany.client.get(
        f"/training-plans/{plan['id']}/document", headers=other.hr
    )
    assert stranger.status_code == 404
    assert (await incompany.client.get("/training-plans", headers=other.manager)).json()[
        "items"
    ] == []
    again = await incompany.client.post(
        "/training-plans",
        data={"year": "2027", "reference": "PLAN-2027"},
        files={"document": ("plan.pdf", incompany.PDF, "application/pdf")},
        headers=company.manager,
    )
    assert again.status_code == 409
    not_a_document = await incompany.client.post(
        "/training-plans",
        data={"year": "2027", "reference": "OTHER"},
        files={"document": ("plan.exe", b"MZ...", "application/x-msdownload")},
        headers=company.manager,
    )
    assert not_a_document.status_code == 422
    assert not_a_document.json()["detail"].startswith("document: ")


async def test_a_request_names_the_company_and_the_hr_contact(incompany):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    assert (request["company_name"], request["course_title"]) == ("Acme SA", "Excel avancé")
    assert (request["hr_email"], request["hr_name"], request["hr_language"]) == (
        company.hr_email,
        "Hanna HR",
        "nl",
    )


async def test_a_company_unknown_to_incompany_cannot_request_yet(incompany):
    company = await incompany.company()
    await incompany.course()
    stranger = incompany.minter.headers(Role.ENROLLMENT_MANAGER, company_id=uuid4())
    plan = await incompany.client.post(
        "/training-plans",
        data={"year": "2027", "reference": "P"},
        files={"document": ("p.pdf", incompany.PDF, "application/pdf")},
        headers=stranger,
    )
    assert plan.status_code == 201
    answer = await incompany.client.post(
        "/requests", json=incompany.request_body(company), headers=stranger
    )
    assert answer.status_code == 409
    assert answer.json()["detail"].startswith("company: your company's registration")


async def test_another_companys_request_answers_404(incompany):
    company, other = await incompany.company("Acme"), await incompany.company("Globex")
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    answer = await incompany.client.get(f"/requests/{request['id']}", headers=other.manager)
    assert answer.status_code == 404
    assert (await incompany.client.get("/requests", headers=other.hr)).json()["items"] == []


async def test_r_i3_a_trainer_enters_availability_and_staff_propose_dates_within_it(incompany):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    trainer_id = uuid4()
    trainer = incompany.minter.headers(Role.TRAINER, user_id=trainer_id, email="tina@t.example")
    slot = await incompany.availability(
        request["id"],
        incompany.brussels(2027, 4, 12, 8, 0),
        incompany.brussels(2027, 4, 12, 17, 0),
        headers=trainer,
    )
    assert slot["trainer_user_id"] == str(trainer_id)
    outside = await incompany.client.post(
        f"/requests/{request['id']}/proposals",
        json={
            "options": [
                {
                    "sessions": [
                        {
                            "starts_at": incompany.brussels(2027, 4, 13, 9, 0).isoformat(),
                            "ends_at": incompany.brussels(2027, 4, 13, 12, 30).isoformat(),
                        }
                    ]
                }
            ]
        },
        headers=incompany.staff(),
    )
    assert outside.status_code == 422
    assert outside.json()["detail"] == (
        "options[0].sessions[0]: 13/04/2027 09:00-12:30 is not within the trainer's "
        "recorded availability"
    )
    proposed = await incompany.propose(
        request["id"],
        [(incompany.START, incompany.END)],
        [(incompany.brussels(2027, 4, 12, 13, 0), incompany.brussels(2027, 4, 12, 16, 30))],
    )
    assert proposed["state"] == "proposed"
    assert len(proposed["proposals"]) == 2
    [event] = await incompany.events(PROPOSED)
    assert event["hr_contact"] == {
        "email": company.hr_email,
        "full_name": "Hanna HR",
        "language": "nl",
    }
    assert [o["sessions"][0]["starts_at"] for o in event["options"]] == [
        "2027-04-12T07:00:00Z",
        "2027-04-12T11:00:00Z",
    ]
    assert (event["course_title"], event["company"]["name"]) == ("Excel avancé", "Acme SA")


async def test_r_i3_availability_outside_the_desired_period_is_refused(incompany):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    answer = await incompany.client.post(
        f"/requests/{request['id']}/availability",
        json={
            "starts_at": incompany.brussels(2027, 5, 3, 9, 0).isoformat(),
            "ends_at": incompany.brussels(2027, 5, 3, 17, 0).isoformat(),
            "trainer_name": "Tina Trainer",
        },
        headers=incompany.staff(),
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("starts_at: 03/05/2027 09:00-17:00 is outside")


async def test_r_i3_r_i4_confirming_an_option_of_two_sessions_makes_two_groups_and_their_recap(
    incompany,
):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company, expected_participants=14)
    day = incompany.brussels(2027, 4, 12, 8, 0)
    await incompany.availability(request["id"], day, day + timedelta(days=2, hours=9))
    second = (incompany.brussels(2027, 4, 13, 13, 0), incompany.brussels(2027, 4, 13, 16, 30))
    proposed = await incompany.propose(
        request["id"],
        [(incompany.START, incompany.END), second],
        [(incompany.brussels(2027, 4, 14, 9, 0), incompany.brussels(2027, 4, 14, 12, 30))],
    )
    first_option, other_option = proposed["proposals"]
    groups = await incompany.confirm(company, request["id"], first_option["id"])
    assert [g["reference"] for g in groups] == ["IC2027-0001-01", "IC2027-0001-02"]
    assert [g["class_link"] for g in groups] == [
        "https://learn.example/class/IC2027-0001-01",
        "https://learn.example/class/IC2027-0001-02",
    ]
    [event] = await incompany.events(CONFIRMED)
    assert event["recap_lines"] == [
        "IC2027-0001/01 - Excel avancé - 12/04/2027 - 09:00-12:30",
        "IC2027-0001/02 - Excel avancé - 13/04/2027 - 13:00-16:30",
    ]
    assert event["project_number"] == "IC2027-0001"
    assert [g["group_reference"] for g in event["groups"]] == ["IC2027-0001-01", "IC2027-0001-02"]
    assert event["groups"][1]["starts_at"] == "2027-04-13T11:00:00Z"
    assert event["groups"][0]["time_zone"] == "Europe/Brussels"
    assert event["confirmed_by_email"] == "manager@acme.example"
    after = await incompany.client.get(f"/requests/{request['id']}", headers=company.hr)
    assert after.json()["state"] == "confirmed"
    assert [p["state"] for p in after.json()["proposals"]] == ["chosen", "declined"]
    again = await incompany.client.post(
        f"/requests/{request['id']}/confirm",
        json={"proposal_id": other_option["id"]},
        headers=company.manager,
    )
    assert again.status_code == 409


async def test_r_i4_each_confirmed_request_gets_the_next_project_number(incompany):
    _, first = await incompany.group()
    _, second = await incompany.group()
    assert (first["project_number"], second["project_number"]) == ("IC2027-0001", "IC2027-0002")


async def test_only_the_requesting_company_confirms_its_dates(incompany):
    company, other = await incompany.company("Acme"), await incompany.company("Globex")
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    await incompany.availability(request["id"], incompany.START - timedelta(hours=1), incompany.END)
    proposed = await incompany.propose(request["id"], [(incompany.START, incompany.END)])
    answer = await incompany.client.post(
        f"/requests/{request['id']}/confirm",
        json={"proposal_id": proposed["proposals"][0]["id"]},
        headers=other.manager,
    )
    assert answer.status_code == 404
    assert await incompany.events(CONFIRMED) == []


async def test_r_i11_staff_set_a_class_link_or_make_it_from_the_template(incompany):
    company, group = await incompany.group()
    url = f"/groups/{group['id']}/class-link"
    set_by_staff = await incompany.client.put(
        url, json={"class_link": "https://meet.example/room-42"}, headers=incompany.staff()
    )
    assert set_by_staff.json()["class_link"] == "https://meet.example/room-42"
    from_template = await incompany.client.put(url, json={}, headers=incompany.staff())
    assert from_template.json()["class_link"] == "https://learn.example/class/IC2027-0001-01"
    refused = await incompany.client.put(
        url, json={"class_link": "ftp://nope"}, headers=incompany.staff()
    )
    assert refused.status_code == 422
    by_hr = await incompany.client.put(url, json={}, headers=company.hr)
    assert by_hr.status_code == 403


async def test_r_i11_without_a_template_a_group_waits_for_its_link(start_incompany):
    async with start_incompany(class_link_template="") as incompany:
        _, group = await incompany.group()
        assert group["class_link"] is None
        answer = await incompany.client.put(
            f"/groups/{group['id']}/class-link", json={}, headers=incompany.staff()
        )
        assert answer.status_code == 422
        assert answer.json()["detail"] == "class_link: no template is configured; give the link"


async def test_a_day_no_instant_can_hold_is_refused_with_422_not_500(incompany):
    # Found by schemathesis: 0001-01-01 in Brussels is before the first UTC instant.
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    for day in ("0001-01-01", "9999-12-31"):
        answer = await incompany.client.get(
            f"/groups?starts_on={day}", headers=incompany.staff(Role.CUSTOMER_SERVICE)
        )
        assert answer.status_code == 422, answer.text
        assert "starts_on" in answer.text
        answer = await incompany.client.post(
            "/requests",
            json=incompany.request_body(company, desired_from=day),
            headers=company.manager,
        )
        assert answer.status_code == 422, answer.text
        assert "desired_from" in answer.text
