"""R-I13, R-I14 cancellation facts; R-I16 attendance; R-I12 evaluations; moved groups."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from contracts.identity import Role

CANCELLED = "incompany.group.cancelled.v1"
COMPLETED = "incompany.group.completed.v1"
RESCHEDULED = "incompany.group.rescheduled.v1"


async def test_r_i13_r_i14_hr_cancels_a_group_and_the_facts_are_published_not_a_fee(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 1)
    incompany.clock.set(incompany.brussels(2027, 3, 29, 10, 0))  # 14 days before the start
    answer = await incompany.client.post(
        f"/groups/{group['id']}/cancel", json={"reason": "budget"}, headers=company.hr
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "cancelled"
    [event] = await incompany.events(CANCELLED)
    assert event["cancelled_at"] == "2027-03-29T08:00:00Z"
    assert event["group"]["starts_at"] == "2027-04-12T07:00:00Z"
    assert (event["reason"], event["cancelled_by_email"]) == ("budget", company.hr_email)
    assert event["hr_contact"]["email"] == company.hr_email
    assert [p["full_name"] for p in event["participants"]] == ["Person 1"]
    assert (event["definitively_confirmed"], event["participant_list_missing"]) == (False, False)
    assert not {"fee", "amount"} & set(event)
    again = await incompany.client.post(
        f"/groups/{group['id']}/cancel", json={}, headers=company.hr
    )
    assert again.status_code == 409
    assert (await incompany.add(company, group["id"], 2)).status_code == 409


async def test_r_i13_customer_service_may_cancel_for_the_customer_but_not_after_the_start(
    incompany,
):
    _, group = await incompany.group()
    incompany.clock.set(incompany.START)
    late = await incompany.client.post(
        f"/groups/{group['id']}/cancel",
        json={},
        headers=incompany.staff(Role.CUSTOMER_SERVICE),
    )
    assert late.status_code == 409
    assert late.json()["detail"] == "group: the class has started; it can no longer be cancelled"


async def attended_group(incompany, registered: int):
    trainer_id = uuid4()

    def trainer() -> dict[str, str]:  # minted when used: tokens expire as the clock moves
        return incompany.minter.headers(Role.TRAINER, user_id=trainer_id, email="t@t.example")

    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    request = await incompany.request(company)
    await incompany.availability(
        request["id"],
        incompany.START - timedelta(hours=1),
        incompany.END,
        headers=trainer(),
    )
    proposed = await incompany.propose(request["id"], [(incompany.START, incompany.END)])
    [group] = await incompany.confirm(company, request["id"], proposed["proposals"][0]["id"])
    await incompany.approve_hr(company)
    ids = [(await incompany.add(company, group["id"], n)).json()["id"] for n in range(registered)]
    return company, group, trainer, ids


async def test_r_i16_the_trainer_records_attendance_after_the_class_and_completes_the_group(
    incompany,
):
    company, group, trainer, ids = await attended_group(incompany, 6)
    url = f"/groups/{group['id']}/attendance"
    early = await incompany.client.put(url, json={"attended": ids[:4]}, headers=trainer())
    assert early.status_code == 409
    assert early.json()["detail"].startswith("attendance: the class ends at 12/04/2027 12:30")
    incompany.clock.set(incompany.END + timedelta(minutes=5))
    other_trainer = incompany.minter.headers(Role.TRAINER)
    assert (
        await incompany.client.put(url, json={"attended": ids}, headers=other_trainer)
    ).status_code == 404
    done = await incompany.client.put(url, json={"attended": ids[:4]}, headers=trainer())
    assert done.status_code == 200, done.text
    assert (done.json()["state"], done.json()["attended_count"]) == ("completed", 4)
    [event] = await incompany.events(COMPLETED)
    assert (event["attended_count"], event["registered_count"]) == (4, 6)
    assert event["minimum_participants"] == 6
    assert event["company"]["name"] == "Acme SA"
    again = await incompany.client.put(url, json={"attended": ids}, headers=incompany.staff())
    assert again.status_code == 409
    listed = await incompany.client.get(f"/groups/{group['id']}/participants", headers=company.hr)
    assert [p["attended"] for p in listed.json()["items"]] == [True] * 4 + [False] * 2


async def test_r_i16_attendance_names_only_participants_of_the_group(incompany):
    _, group, trainer, _ = await attended_group(incompany, 1)
    incompany.clock.set(incompany.END + timedelta(hours=1))
    stranger = str(uuid4())
    answer = await incompany.client.put(
        f"/groups/{group['id']}/attendance", json={"attended": [stranger]}, headers=trainer()
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == f"attended: {stranger} is not a participant of the group"


async def test_r_i12_each_participant_answers_once_and_hr_sees_the_groups_results(incompany):
    company, group, trainer, ids = await attended_group(incompany, 3)
    incompany.clock.set(incompany.END + timedelta(hours=2))
    await incompany.client.put(
        f"/groups/{group['id']}/attendance", json={"attended": ids[:2]}, headers=trainer()
    )
    incompany.clock.set(incompany.END + timedelta(days=1, hours=1))

    async def evaluate(serial: int, participant_id: str, **ratings):
        body = {
            "ratings": {"content": 5, "trainer": 4, "organisation": 4, "platform": 3, **ratings},
            "comment": f"comment {serial}",
        }
        return await incompany.client.post(
            f"/me/participations/{participant_id}/evaluation",
            json=body,
            headers=incompany.participant(f"Person{serial}@acme.example"),
        )

    assert (await evaluate(0, ids[0])).status_code == 201
    assert (await evaluate(1, ids[1], content=4)).status_code == 201
    twice = await evaluate(0, ids[0])
    assert (twice.status_code, twice.json()["detail"]) == (
        409,
        "evaluation: you have already answered",
    )
    absent = await evaluate(2, ids[2])
    assert absent.status_code == 409
    someone_elses = await evaluate(2, ids[0])
    assert someone_elses.status_code == 404
    out_of_range = await evaluate(1, ids[1], trainer=6)
    assert out_of_range.status_code == 422

    results = await incompany.client.get(
        f"/groups/{group['id']}/evaluation-results", headers=company.hr
    )
    assert results.status_code == 200, results.text
    body = results.json()
    assert (body["participants"], body["responses"]) == (2, 2)
    assert body["averages"] == {
        "content": "4.50",
        "trainer": "4.00",
        "organisation": "4.00",
        "platform": "3.00",
    }
    answers = await incompany.client.get(
        f"/groups/{group['id']}/evaluations", params={"commented": True}, headers=company.hr
    )
    assert sorted(a["comment"] for a in answers.json()["items"]) == ["comment 0", "comment 1"]
    assert "participant_id" not in answers.json()["items"][0]  # anonymous to HR
    manager = await incompany.client.get(
        f"/groups/{group['id']}/evaluations", headers=company.manager
    )
    assert manager.status_code == 403


async def test_r_i12_the_form_opens_only_after_the_class(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    participant = (await incompany.add(company, group["id"], 1)).json()
    answer = await incompany.client.post(
        f"/me/participations/{participant['id']}/evaluation",
        json={"ratings": {"content": 5, "trainer": 5, "organisation": 5, "platform": 5}},
        headers=incompany.participant("person1@acme.example"),
    )
    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        "evaluation: the form opens at the end of the class",
    )


async def test_a_moved_group_moves_its_deadlines_on_the_brussels_clock(incompany):
    company, group = await incompany.group()
    new_start = incompany.brussels(2027, 11, 8, 14, 0)  # winter time again
    answer = await incompany.client.put(
        f"/groups/{group['id']}/schedule",
        json={
            "starts_at": new_start.isoformat(),
            "ends_at": (new_start + timedelta(hours=3)).isoformat(),
        },
        headers=incompany.staff(),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["recap_line"] == "IC2027-0001/01 - Excel avancé - 08/11/2027 - 14:00-17:00"
    deadlines = await incompany.client.get(
        f"/groups/{group['id']}/deadlines", headers=incompany.staff()
    )
    due = {d["kind"]: d["due_at"] for d in deadlines.json()["items"]}
    assert due == {
        "participant_reminder": "2027-10-18T12:00:00Z",  # 14:00 summer time
        "definitive_confirmation": "2027-10-24T12:00:00Z",
        "participant_cutoff": "2027-11-05T13:00:00Z",  # 14:00 winter time
    }
    [event] = await incompany.events(RESCHEDULED)
    assert event["previous_starts_at"] == "2027-04-12T07:00:00Z"
    assert event["group"]["starts_at"] == "2027-11-08T13:00:00Z"
    assert event["hr_contact"]["full_name"] == "Hanna HR"
    refused = await incompany.client.put(
        f"/groups/{group['id']}/schedule",
        json={
            "starts_at": (incompany.NOW + timedelta(days=2)).isoformat(),
            "ends_at": (incompany.NOW + timedelta(days=2, hours=3)).isoformat(),
        },
        headers=incompany.staff(),
    )
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("starts_at: too soon")
    by_hr = await incompany.client.put(
        f"/groups/{group['id']}/schedule", json={}, headers=company.hr
    )
    assert by_hr.status_code == 403
