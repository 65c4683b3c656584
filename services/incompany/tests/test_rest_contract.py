"""Incompany's REST contract (issue 13): pages, verbs, ETags, Location, UTC instants,
and participations shown only to a verified email."""

from __future__ import annotations

from datetime import timedelta

from contracts.identity import Role

MOVED = "2027-11-08T14:00:00+01:00"  # written with Brussels' winter offset


async def test_every_list_is_a_page_a_client_follows_to_its_end(incompany):
    staff = incompany.staff()
    for code in ("A-1", "B-2", "C-3", "D-4", "E-5"):
        await incompany.course(code, f"Course {code}")
    seen, url, params = [], "/courses", {"limit": 2}
    while url:
        answer = await incompany.client.get(url, params=params, headers=staff)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert len(page["items"]) <= 2
        seen += [c["code"] for c in page["items"]]
        if page["next"]:
            assert answer.headers["Link"] == f'<{page["next"]}>; rel="next"'
            assert page["next_cursor"] in page["next"]
        url, params = page["next"], None
    assert seen == ["A-1", "B-2", "C-3", "D-4", "E-5"]


async def test_a_page_is_bounded_and_a_forged_cursor_refused(incompany):
    staff = incompany.staff()
    too_many = await incompany.client.get("/groups", params={"limit": 201}, headers=staff)
    forged = await incompany.client.get("/groups", params={"cursor": "bm90IG91cnM"}, headers=staff)
    assert (too_many.status_code, forged.status_code) == (422, 422)
    assert forged.json()["code"] == "invalid_cursor"


async def test_groups_filter_by_start_range_state_course_and_request(incompany):
    company, first = await incompany.group()
    _, second = await incompany.group(
        company, incompany.brussels(2027, 5, 3, 13, 0), incompany.brussels(2027, 5, 3, 16, 0)
    )

    async def ids(**params):
        answer = await incompany.client.get("/groups", params=params, headers=company.hr)
        assert answer.status_code == 200, answer.text
        return [g["id"] for g in answer.json()["items"]]

    assert await ids(starts_from="2027-04-13") == [second["id"]]
    assert await ids(starts_until="2027-04-12") == [first["id"]]
    assert await ids(starts_from="2027-04-12", starts_until="2027-05-03") == [
        first["id"],
        second["id"],
    ]
    assert await ids(state="planned", course_code="xl-adv") == [first["id"], second["id"]]
    assert await ids(state="cancelled") == []
    assert await ids(course_code="NOPE") == []
    request_of_first = await incompany.client.get(f"/groups/{first['id']}", headers=company.hr)
    assert await ids(request_id=request_of_first.json()["request_id"]) == [first["id"]]


async def test_requests_filter_by_state_and_staff_by_company(incompany):
    acme, globex = await incompany.company("Acme"), await incompany.company("Globex")
    await incompany.course()
    for company in (acme, globex):
        await incompany.plan(company)
        await incompany.request(company)
    staff = incompany.staff(Role.CUSTOMER_SERVICE)

    async def companies(headers, **params):
        answer = await incompany.client.get("/requests", params=params, headers=headers)
        return [r["company_id"] for r in answer.json()["items"]]

    assert sorted(await companies(staff)) == sorted([str(acme.id), str(globex.id)])
    assert await companies(staff, company_id=str(globex.id)) == [str(globex.id)]
    assert await companies(staff, state="confirmed") == []
    # a company user asking for another company's still sees only their own
    assert await companies(acme.manager, company_id=str(globex.id)) == [str(acme.id)]


async def test_noun_actions_are_verbs_and_the_old_paths_are_deprecated_aliases(incompany):
    spec = incompany.app.openapi()["paths"]
    for verb, noun, owner in (
        ("approve", "approval", "/attestations/{attestation_id}"),
        ("reject", "rejection", "/attestations/{attestation_id}"),
        ("confirm", "confirmation", "/requests/{request_id}"),
        ("cancel", "cancellation", "/groups/{group_id}"),
    ):
        assert not spec[f"{owner}/{verb}"]["post"].get("deprecated", False)
        assert spec[f"{owner}/{noun}"]["post"]["deprecated"] is True
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    old = await incompany.client.post(
        f"/groups/{group['id']}/cancellation", json={"reason": "budget"}, headers=company.hr
    )
    assert (old.status_code, old.json()["state"]) == (200, "cancelled")


async def test_confirming_answers_201_one_object_and_the_location_of_the_groups(incompany):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    await incompany.availability(request["id"], incompany.START - timedelta(hours=1), incompany.END)
    proposed = await incompany.propose(request["id"], [(incompany.START, incompany.END)])
    answer = await incompany.client.post(
        f"/requests/{request['id']}/confirm",
        json={"proposal_id": proposed["proposals"][0]["id"]},
        headers=company.manager,
    )
    assert answer.status_code == 201, answer.text
    [group] = answer.json()["groups"]
    assert answer.headers["Location"] == f"/groups?request_id={request['id']}"
    listed = await incompany.client.get(answer.headers["Location"], headers=company.manager)
    assert [g["id"] for g in listed.json()["items"]] == [group["id"]]


async def test_every_creation_answers_201_with_the_location_of_what_it_made(incompany):
    company = await incompany.company()
    staff = incompany.staff()
    course = await incompany.client.post(
        "/courses", json={"code": "loc-1", "title": "L", "duration_minutes": 60}, headers=staff
    )
    assert course.headers["Location"] == "/courses/LOC-1"
    plan = await incompany.client.post(
        "/training-plans",
        data={"year": "2027", "reference": "P"},
        files={"document": ("p.pdf", b"%PDF-1.4 p", "application/pdf")},
        headers=company.manager,
    )
    request = await incompany.client.post(
        "/requests",
        json=incompany.request_body(company, course_code="LOC-1"),
        headers=company.manager,
    )
    slot = await incompany.client.post(
        f"/requests/{request.json()['id']}/availability",
        json={
            "starts_at": (incompany.START - timedelta(hours=1)).isoformat(),
            "ends_at": incompany.END.isoformat(),
            "trainer_name": "Tina",
        },
        headers=staff,
    )
    for created, reader in ((course, staff), (plan, company.manager), (request, company.hr)):
        assert created.status_code == 201, created.text
        again = await incompany.client.get(created.headers["Location"], headers=reader)
        assert again.json()["id"] == created.json()["id"]
    assert slot.status_code == 201
    again = await incompany.client.get(slot.headers["Location"], headers=staff)
    assert again.json() == slot.json()


async def test_a_stale_if_match_is_refused_with_412_and_changes_nothing(incompany):
    _, group = await incompany.group()
    url = f"/groups/{group['id']}"
    staff = incompany.staff()
    read = await incompany.client.get(url, headers=staff)
    etag = read.headers["ETag"]
    moved = await incompany.client.put(
        f"{url}/schedule",
        json={"starts_at": MOVED, "ends_at": "2027-11-08T17:00:00+01:00"},
        headers={**staff, "If-Match": etag},
    )
    assert moved.status_code == 200, moved.text
    assert moved.headers["ETag"] != etag
    stale = await incompany.client.put(
        f"{url}/class-link",
        json={"class_link": "https://meet.example/stale"},
        headers={**staff, "If-Match": etag, "Accept-Language": "nl"},
    )
    assert (stale.status_code, stale.json()["code"]) == (412, "precondition_failed")
    assert stale.json()["detail"].startswith("If-Match: de resource is gewijzigd")
    current = await incompany.client.get(url, headers=staff)
    assert current.json()["class_link"] == group["class_link"]
    assert current.headers["ETag"] == moved.headers["ETag"]  # the update's ETag is the read's
    fresh = await incompany.client.put(
        f"{url}/class-link",
        json={"class_link": "https://meet.example/fresh"},
        headers={**staff, "If-Match": current.headers["ETag"]},
    )
    assert fresh.status_code == 200, fresh.text
    without = await incompany.client.put(
        f"{url}/class-link", json={"class_link": "https://meet.example/blind"}, headers=staff
    )
    assert without.status_code == 200  # without If-Match the update goes through


async def test_a_course_update_with_a_stale_if_match_is_412(incompany):
    await incompany.course("ET-1", "First title")
    staff = incompany.staff()
    read = await incompany.client.get("/courses/ET-1", headers=staff)
    body = {"title": "Second title", "duration_minutes": 60}
    first = await incompany.client.put(
        "/courses/ET-1", json=body, headers={**staff, "If-Match": read.headers["ETag"]}
    )
    second = await incompany.client.put(
        "/courses/ET-1",
        json={**body, "title": "Third"},
        headers={**staff, "If-Match": read.headers["ETag"]},
    )
    assert (first.status_code, second.status_code) == (200, 412)
    assert (await incompany.client.get("/courses/ET-1", headers=staff)).json()["title"] == (
        "Second title"
    )


async def test_attendance_with_a_stale_if_match_is_412(incompany):
    company, group = await incompany.group()
    etag = (await incompany.client.get(f"/groups/{group['id']}", headers=company.hr)).headers[
        "ETag"
    ]
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 1)  # the group changed: one more participant
    await incompany.at(incompany.END + timedelta(hours=1))
    answer = await incompany.client.put(
        f"/groups/{group['id']}/attendance",
        json={"attended": []},
        headers={**incompany.staff(), "If-Match": etag},
    )
    assert answer.status_code == 412


async def test_every_instant_is_utc_with_z_whatever_offset_the_client_sent(incompany):
    company, group = await incompany.group()
    moved = await incompany.client.put(
        f"/groups/{group['id']}/schedule",
        json={"starts_at": MOVED, "ends_at": "2027-11-08T17:00:00+01:00"},
        headers=incompany.staff(),
    )
    assert (moved.json()["starts_at"], moved.json()["ends_at"]) == (
        "2027-11-08T13:00:00Z",
        "2027-11-08T16:00:00Z",
    )
    assert moved.json()["participants_until"].endswith("Z")
    request = await incompany.request(company)
    slot = await incompany.availability(
        request["id"],
        incompany.brussels(2027, 4, 20, 9, 0),
        incompany.brussels(2027, 4, 20, 17, 0),
    )
    assert slot["starts_at"] == "2027-04-20T07:00:00Z"


async def test_participations_are_an_empty_page_for_anyone_in_no_group(incompany):
    for role in (Role.HR, Role.INDIVIDUAL, Role.PARTICIPANT, Role.ADMIN):
        answer = await incompany.client.get(
            "/me/participations", headers=incompany.minter.headers(role, email="no@one.example")
        )
        assert (answer.status_code, answer.json()["items"]) == (200, [])


async def test_an_unverified_sign_up_with_a_participants_address_sees_nothing_of_theirs(
    incompany,
):
    """Finding 1: someone registers the address of a person HR entered; until that
    address is verified, none of the person's trainings show, nor can be answered."""
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    participant = (await incompany.add(company, group["id"], 1)).json()
    email = "person1@acme.example"
    unverified = incompany.minter.headers(Role.PARTICIPANT, email=email, email_verified=False)
    listed = await incompany.client.get("/me/participations", headers=unverified)
    one = await incompany.client.get(f"/me/participations/{participant['id']}", headers=unverified)
    assert (listed.status_code, listed.json()["items"]) == (200, [])
    assert (one.status_code, one.json()["code"]) == (404, "unknown_participation")
    verified = incompany.minter.headers(Role.PARTICIPANT, email=email, email_verified=True)
    [mine] = (await incompany.client.get("/me/participations", headers=verified)).json()["items"]
    assert mine["participant_id"] == participant["id"]
    assert mine["starts_at"] == "2027-04-12T07:00:00Z"


async def test_a_participant_reads_back_their_evaluation_at_its_location(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    participant = (await incompany.add(company, group["id"], 1)).json()
    await incompany.at(incompany.END + timedelta(hours=1))
    me = incompany.participant("person1@acme.example")
    answered = await incompany.client.post(
        f"/me/participations/{participant['id']}/evaluation",
        json={"ratings": {"content": 5, "trainer": 4, "organisation": 3, "platform": 2}},
        headers=me,
    )
    assert answered.status_code == 201, answered.text
    read = await incompany.client.get(answered.headers["Location"], headers=me)
    assert read.json() == answered.json()
    assert read.json()["ratings"]["platform"] == 2


async def test_r_i12_each_rating_reads_back_under_its_own_criterion_for_participant_and_hr(
    incompany,
):
    """Four different ratings: a column read under another criterion's name would show."""
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    participant = (await incompany.add(company, group["id"], 1)).json()
    await incompany.at(incompany.END + timedelta(hours=1))
    me = incompany.participant("person1@acme.example")
    given = {"content": 1, "trainer": 2, "organisation": 3, "platform": 4}
    answered = await incompany.client.post(
        f"/me/participations/{participant['id']}/evaluation",
        json={"ratings": given, "comment": "clear"},
        headers=me,
    )
    assert answered.status_code == 201, answered.text
    mine = await incompany.client.get(answered.headers["Location"], headers=me)
    assert mine.json()["ratings"] == given
    hr = await incompany.client.get(f"/groups/{group['id']}/evaluations", headers=company.hr)
    assert [a["ratings"] for a in hr.json()["items"]] == [given]
    results = await incompany.client.get(
        f"/groups/{group['id']}/evaluation-results", headers=company.hr
    )
    assert results.json()["averages"] == {k: f"{v}.00" for k, v in given.items()}
