"""The chain of deadlines run by the scan, with a ManualClock (R-I6, R-I9, R-I10, R-I12,
R-I13, R-I15): each fires once at its Brussels instant, late after downtime while it
still makes sense, never for a cancelled group."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from incompany.adapters.platform_links import verify
from testkit.services import wait_until

REMINDER = "incompany.group.participant-reminder-due.v1"
CONFIRMED = "incompany.group.definitively-confirmed.v1"
LINK = "incompany.platform-link.issued.v1"
MISSING = "incompany.group.participant-list-missing.v1"
EVALUATION = "incompany.evaluation.invited.v1"
DEADLINE_EVENTS = (REMINDER, CONFIRMED, LINK, MISSING, EVALUATION)


async def counts(incompany) -> Counter:
    return Counter({name: len(await incompany.events(name)) for name in DEADLINE_EVENTS})


async def states(incompany, group_id: str) -> dict[str, str]:
    answer = await incompany.client.get(f"/groups/{group_id}/deadlines", headers=incompany.staff())
    return {f"{d['kind']}:{d['subject'][:5]}": d["state"] for d in answer.json()["items"]}


async def test_the_chain_fires_each_deadline_once_at_its_brussels_instant(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    ids = [(await incompany.add(company, group["id"], n)).json()["id"] for n in (1, 2)]
    b = incompany.brussels
    steps = [
        (b(2027, 3, 22, 9, 0), REMINDER, 1),  # R-I6: 21 days before, 09:00 winter time
        (b(2027, 3, 28, 9, 0), CONFIRMED, 1),  # R-I9: 15 days before, the DST Sunday
        (b(2027, 3, 29, 9, 0), LINK, 2),  # R-I10: the day after, one per participant
        (b(2027, 4, 9, 9, 0), MISSING, 0),  # R-I15: a list exists, nothing to report
        (b(2027, 4, 13, 12, 30), EVALUATION, 2),  # R-I12: the day after the class
    ]
    expected: Counter = Counter()
    for instant, name, how_many in steps:
        await incompany.at(instant - timedelta(seconds=1))
        assert await counts(incompany) == expected, f"{name} fired early"
        await incompany.at(instant)
        await incompany.scan()  # a second scan changes nothing
        expected[name] += how_many
        assert await counts(incompany) == expected, name
    await incompany.at(b(2027, 6, 1, 0, 0))
    assert await counts(incompany) == expected
    assert set((await states(incompany, group["id"])).values()) == {"done"}

    [reminder] = await incompany.events(REMINDER)
    assert (reminder["participant_count"], reminder["minimum_participants"]) == (2, 6)
    assert reminder["participants_until"] == "2027-04-09T07:00:00Z"
    assert reminder["hr_contact"]["language"] == "nl"
    [confirmed] = await incompany.events(CONFIRMED)
    assert confirmed["confirmed_at"] == "2027-03-28T07:00:00Z"
    assert sorted(p["participant_id"] for p in confirmed["participants"]) == sorted(ids)
    links = await incompany.events(LINK)
    assert sorted(e["participant"]["participant_id"] for e in links) == sorted(ids)
    invitations = await incompany.events(EVALUATION)
    assert {e["evaluation_url"] for e in invitations} == {
        f"https://customer.example/trainings/{i}/evaluation" for i in ids
    }


async def test_r_i10_the_signed_link_shows_in_the_participants_own_space(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 1)
    me = incompany.participant("person1@acme.example")
    before = await incompany.client.get("/me/participations", headers=me)
    assert before.json()["items"][0]["platform_url"] is None
    await incompany.at(incompany.brussels(2027, 3, 29, 9, 0))
    me = incompany.participant("person1@acme.example")
    [mine] = (await incompany.client.get("/me/participations", headers=me)).json()["items"]
    assert mine["group_reference"] == group["reference"]
    assert mine["class_link"] == group["class_link"]
    url = mine["platform_url"]
    assert url.startswith("https://learn.example/start?participant=")
    assert verify(url, "platform-link-key-for-tests-0123456789", now=incompany.clock.now())
    [event] = await incompany.events(LINK)
    assert event["platform_url"] == url
    assert event["participant"]["email"] == "person1@acme.example"
    stranger = incompany.participant("someone@else.example")
    assert (await incompany.client.get("/me/participations", headers=stranger)).json()[
        "items"
    ] == []


async def test_r_i10_a_participant_added_after_the_link_day_gets_theirs_at_the_next_scan(
    incompany,
):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.at(incompany.brussels(2027, 4, 1, 9, 0))
    await incompany.add(company, group["id"], 1)
    assert await incompany.events(LINK) == []
    await incompany.scan()
    [event] = await incompany.events(LINK)
    assert event["participant"]["full_name"] == "Person 1"


async def test_r_i15_a_group_without_participants_at_the_cutoff_is_reported_once(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.at(incompany.brussels(2027, 4, 9, 9, 0))
    await incompany.scan()
    [missing] = await incompany.events(MISSING)
    assert missing["cutoff_at"] == "2027-04-09T07:00:00Z"
    assert missing["group"]["group_reference"] == group["reference"]
    assert missing["hr_contact"]["email"] == company.hr_email
    shown = await incompany.client.get(f"/groups/{group['id']}", headers=company.hr)
    assert shown.json()["list_missing_reported_at"] == "2027-04-09T07:00:00Z"
    cancel = await incompany.client.post(
        f"/groups/{group['id']}/cancel", json={}, headers=company.hr
    )
    assert cancel.status_code == 200
    [cancelled] = await incompany.events("incompany.group.cancelled.v1")
    assert cancelled["participant_list_missing"] is True
    assert cancelled["definitively_confirmed"] is True
    assert len(await incompany.events(MISSING)) == 1


async def test_r_i13_nothing_fires_for_a_cancelled_group(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 1)
    await incompany.at(incompany.brussels(2027, 3, 23, 9, 0))  # after the reminder
    cancel = await incompany.client.post(
        f"/groups/{group['id']}/cancel", json={}, headers=company.hr
    )
    assert cancel.status_code == 200
    await incompany.at(incompany.brussels(2027, 5, 1, 9, 0))
    assert await counts(incompany) == Counter({REMINDER: 1})
    assert sorted(set((await states(incompany, group["id"])).values())) == ["cancelled", "done"]


async def test_a_cancelled_participant_gets_no_link_and_no_invitation(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    kept = (await incompany.add(company, group["id"], 1)).json()
    gone = (await incompany.add(company, group["id"], 2)).json()
    await incompany.client.delete(
        f"/groups/{group['id']}/participants/{gone['id']}", headers=company.hr
    )
    await incompany.at(incompany.brussels(2027, 3, 29, 9, 0))
    await incompany.at(incompany.brussels(2027, 4, 14, 9, 0))
    for name in (LINK, EVALUATION):
        assert [e["participant"]["participant_id"] for e in await incompany.events(name)] == [
            kept["id"]
        ]


async def test_after_downtime_due_deadlines_fire_late_or_are_missed_when_pointless(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 1)
    # Down from January until after the cut-off: the reminder is pointless by now.
    await incompany.at(incompany.brussels(2027, 4, 10, 8, 0))
    assert await counts(incompany) == Counter({CONFIRMED: 1, LINK: 1})
    shown = await states(incompany, group["id"])
    assert shown["participant_reminder:group"] == "missed"
    assert shown["participant_cutoff:group"] == "done"
    # Down again until six weeks after the class: the invitation is too late to send.
    await incompany.at(incompany.brussels(2027, 5, 30, 8, 0))
    assert await counts(incompany) == Counter({CONFIRMED: 1, LINK: 1})
    assert list((await states(incompany, group["id"])).values()).count("missed") == 2


async def test_r_i15_the_cutoff_check_is_never_missed_however_late_the_scan(incompany):
    await incompany.group()
    await incompany.at(incompany.brussels(2027, 9, 1, 8, 0))
    assert await counts(incompany) == Counter({MISSING: 1})


async def test_a_failing_deadline_is_retried_with_backoff_without_blocking_others(
    start_incompany,
):
    async with start_incompany() as incompany:
        company, group = await incompany.group()
        await incompany.approve_hr(company)
        await incompany.add(company, group["id"], 1)
    async with start_incompany(platform_link_key=None) as incompany:
        await incompany.at(incompany.brussels(2027, 3, 30, 9, 0))
        assert await counts(incompany) == Counter({REMINDER: 1, CONFIRMED: 1})
        listed = await incompany.client.get(
            f"/groups/{group['id']}/deadlines", headers=incompany.staff()
        )
        row = next(d for d in listed.json()["items"] if d["kind"] == "platform_link")
        assert (row["state"], row["attempts"]) == ("scheduled", 1)
        assert "platform_link_key" in row["last_error"]
    async with start_incompany() as incompany:
        await incompany.at(incompany.brussels(2027, 3, 30, 9, 1))
        assert (await counts(incompany))[LINK] == 1


async def test_the_background_scan_fires_on_its_own_and_catches_up_after_a_restart(
    start_incompany,
):
    async with start_incompany(background=True, deadline_poll_seconds=0.05) as incompany:
        await incompany.group()
        incompany.clock.set(incompany.brussels(2027, 3, 22, 9, 0))

        async def reminded() -> bool:
            return len(await incompany.events(REMINDER)) == 1

        await wait_until(reminded, message="the reminder")
    # The service is down while the definitive confirmation falls due.
    incompany.clock.set(incompany.brussels(2027, 3, 28, 12, 0))
    async with start_incompany(background=True) as restarted:

        async def confirmed() -> bool:
            return len(await restarted.events(CONFIRMED)) == 1

        await wait_until(confirmed, message="the definitive confirmation after downtime")
        assert len(await restarted.events(REMINDER)) == 1


async def test_hr_follows_their_own_groups_deadlines_without_internal_errors(incompany):
    company, group = await incompany.group()
    other = await incompany.company("Globex")
    path = f"/groups/{group['id']}/deadlines"
    seen = await incompany.client.get(path, headers=company.hr)
    assert seen.status_code == 200, seen.text
    kinds = {d["kind"] for d in seen.json()["items"]}
    assert {"participant_reminder", "definitive_confirmation", "participant_cutoff"} <= kinds
    assert all(d["last_error"] is None for d in seen.json()["items"])
    assert (await incompany.client.get(path, headers=other.hr)).status_code == 404
