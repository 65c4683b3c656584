"""R-A6, R-A7, R-I5, R-I7, R-I8: HR attestation, participants, their national register numbers."""

from __future__ import annotations

import json

import pytest
import structlog
from sqlalchemy import select

from chassis.logs import redact_secrets
from contracts.identity import Role
from incompany.adapters.tables import Participant

ADDED = "incompany.participant.added.v1"


async def test_r_a6_hr_without_an_approved_attestation_gets_403_on_participants(incompany):
    company, group = await incompany.group()
    url = f"/groups/{group['id']}/participants"
    missing = await incompany.add(company, group["id"], 1)
    assert missing.status_code == 403
    assert missing.json()["detail"].startswith("attestation: your HR attestation is missing")
    assert missing.json()["code"] == "attestation_required"
    assert (await incompany.client.get(url, headers=company.hr)).status_code == 403

    submitted = await incompany.client.post(
        "/attestations",
        data={"full_name": "Hanna HR", "position_title": "HR manager"},
        files={"document": ("a.pdf", incompany.PDF, "application/pdf")},
        headers=company.hr,
    )
    assert submitted.json()["state"] == "pending"
    pending = await incompany.add(company, group["id"], 1)
    assert pending.status_code == 403
    assert "is pending" in pending.json()["detail"]

    rejected = await incompany.client.post(
        f"/attestations/{submitted.json()['id']}/reject",
        json={"reason": "unsigned"},
        headers=incompany.staff(Role.CUSTOMER_SERVICE),
    )
    assert rejected.json()["state"] == "rejected"
    assert (await incompany.add(company, group["id"], 1)).status_code == 403
    cancel = await incompany.client.post(
        f"/groups/{group['id']}/cancel", json={}, headers=company.hr
    )
    assert cancel.status_code == 403

    await incompany.approve_hr(company)
    assert (await incompany.add(company, group["id"], 1)).status_code == 201


async def test_r_a6_hr_may_request_training_before_the_attestation_is_approved(incompany):
    company = await incompany.company()
    await incompany.course()
    await incompany.plan(company)
    answer = await incompany.client.post(
        "/requests", json=incompany.request_body(company), headers=company.hr
    )
    assert answer.status_code == 201


async def test_r_a6_only_reviewers_approve_and_an_attestation_is_reviewed_once(incompany):
    company = await incompany.company()
    submitted = await incompany.client.post(
        "/attestations",
        data={"full_name": "Hanna HR", "position_title": "HR manager"},
        files={"document": ("a.pdf", incompany.PDF, "application/pdf")},
        headers=company.hr,
    )
    url = f"/attestations/{submitted.json()['id']}/approve"
    assert (await incompany.client.post(url, headers=company.hr)).status_code == 403
    assert (await incompany.client.post(url, headers=incompany.staff())).status_code == 403
    approved = await incompany.client.post(url, headers=incompany.staff(Role.ADMIN))
    assert approved.json()["state"] == "approved"
    again = await incompany.client.post(url, headers=incompany.staff(Role.ADMIN))
    assert (again.status_code, again.json()["detail"]) == (409, "attestation: already approved")
    mine = await incompany.client.get("/attestations/mine", headers=company.hr)
    assert mine.json()["state"] == "approved"
    document = await incompany.client.get(
        f"/attestations/{submitted.json()['id']}/document",
        headers=incompany.staff(Role.CUSTOMER_SERVICE),
    )
    assert document.content == incompany.PDF


async def test_r_i8_a_participant_is_entered_with_a_valid_number_shown_masked(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    answer = await incompany.add(
        company, group["id"], 33, national_register_number="85.07.30-033.28"
    )
    assert answer.status_code == 201, answer.text
    participant = answer.json()
    assert participant["national_register_number"] == "**.**.**-***.28"
    assert "85073003328" not in answer.text
    listed = await incompany.client.get(f"/groups/{group['id']}/participants", headers=company.hr)
    assert [p["national_register_number"] for p in listed.json()["items"]] == ["**.**.**-***.28"]
    assert "033" not in listed.text.replace(participant["id"], "")


async def test_r_i8_a_wrong_check_digit_is_refused_naming_the_field(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    answer = await incompany.add(
        company, group["id"], 33, national_register_number="85.07.30-033.29"
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        "national_register_number: the check digits do not match the number; please check it"
    )
    assert "85.07.30" not in answer.text
    assert await incompany.events(ADDED) == []


async def test_r_i8_the_same_person_twice_in_a_group_is_refused(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    assert (await incompany.add(company, group["id"], 1)).status_code == 201
    same_number = await incompany.add(
        company, group["id"], 1, email="other@acme.example", full_name="Someone Else"
    )
    assert same_number.status_code == 409
    assert same_number.json()["detail"] == (
        "national_register_number: this person is already a participant of the group"
    )
    same_email = await incompany.add(company, group["id"], 2, email="PERSON1@acme.example")
    assert same_email.status_code == 409
    assert same_email.json()["detail"].startswith("email: ")


async def test_r_i8_the_number_is_encrypted_at_rest_with_a_blind_index(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 33)
    async with incompany.runtime.db.sessions() as session:
        row = await session.scalar(select(Participant))
    assert b"85073003328" not in row.nrn_ciphertext
    assert "85073003328" not in row.nrn_index
    assert len(row.nrn_index) == 64


async def test_r_i8_the_number_is_never_logged_nor_published(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    number = incompany.nrn(33)
    with structlog.testing.capture_logs() as logs:
        await incompany.add(company, group["id"], 33)
        await incompany.add(company, group["id"], 33)  # refused: a duplicate
        await incompany.add(company, group["id"], 34, national_register_number=number[:-1] + "0")
        await incompany.client.post(
            "/participants/search",
            json={"national_register_number": number},
            headers=company.hr,
        )
    assert logs, "the requests were logged"
    written = json.dumps(logs, default=str)
    for shown in (number, f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"):
        assert shown not in written
    # and the chassis's redaction would mask one anyway
    assert number not in str(redact_secrets(None, "info", {"event": f"nrn {number}"}))
    [added] = await incompany.events(ADDED)
    assert number not in json.dumps(added)


async def test_r_a7_an_added_participant_is_published_for_accounts(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    answer = await incompany.add(company, group["id"], 7, language="nl")
    [added] = await incompany.events(ADDED)
    assert added["participant"] == {
        "participant_id": answer.json()["id"],
        "full_name": "Person 7",
        "email": "person7@acme.example",
        "language": "nl",
    }
    assert added["company"] == {"company_id": str(company.id), "name": "Acme SA"}
    assert added["group"]["group_reference"] == "IC2027-0001-01"
    assert added["added_by_email"] == company.hr_email


async def test_r_i7_a_participant_cannot_be_added_2_days_before_the_start(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    incompany.clock.set(incompany.brussels(2027, 4, 10, 9, 0))  # Saturday, 2 days before
    answer = await incompany.add(company, group["id"], 1)
    assert answer.status_code == 409
    assert answer.json()["detail"] == (
        "participants: the list closed on 09/04/2027 at 09:00 (Brussels), "
        "3 days before the start (R-I7)"
    )
    assert answer.json()["code"] == "list_closed"


async def test_r_i7_participants_change_until_just_before_the_cutoff_then_not_at_all(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    incompany.clock.set(incompany.brussels(2027, 4, 9, 8, 59))
    kept = await incompany.add(company, group["id"], 1)
    assert kept.status_code == 201
    leaving = await incompany.add(company, group["id"], 2)
    cancelled = await incompany.client.delete(
        f"/groups/{group['id']}/participants/{leaving.json()['id']}", headers=company.hr
    )
    assert cancelled.json()["state"] == "cancelled"
    incompany.clock.set(incompany.brussels(2027, 4, 9, 9, 0))
    late = await incompany.client.delete(
        f"/groups/{group['id']}/participants/{kept.json()['id']}", headers=company.hr
    )
    assert late.status_code == 409
    assert late.json()["detail"].startswith("participants: the list closed on 09/04/2027")


async def test_r_i5_a_cancelled_participant_can_be_entered_again(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    first = await incompany.add(company, group["id"], 1)
    await incompany.client.delete(
        f"/groups/{group['id']}/participants/{first.json()['id']}", headers=company.hr
    )
    again = await incompany.add(company, group["id"], 1, full_name="Person One")
    assert again.status_code == 201
    assert (again.json()["id"], again.json()["state"]) == (first.json()["id"], "active")
    listed = await incompany.client.get(f"/groups/{group['id']}/participants", headers=company.hr)
    assert [p["full_name"] for p in listed.json()["items"]] == ["Person One"]


async def test_r_i5_r_i8_hr_lists_the_company_groups_and_finds_one_by_date_or_reference(
    incompany,
):
    company, first = await incompany.group()
    _, second = await incompany.group(
        company,
        incompany.brussels(2027, 5, 3, 13, 0),
        incompany.brussels(2027, 5, 3, 16, 0),
    )
    everything = await incompany.client.get("/groups", headers=company.hr)
    assert [g["reference"] for g in everything.json()["items"]] == [
        first["reference"],
        second["reference"],
    ]
    by_date = await incompany.client.get(
        "/groups", params={"starts_on": "2027-05-03"}, headers=company.hr
    )
    assert [g["id"] for g in by_date.json()["items"]] == [second["id"]]
    by_reference = await incompany.client.get(
        "/groups", params={"reference": first["reference"].lower()}, headers=company.hr
    )
    assert [g["id"] for g in by_reference.json()["items"]] == [first["id"]]
    assert by_reference.json()["items"][0]["participants_until"] == "2027-04-09T07:00:00Z"


async def test_r_i5_hr_of_one_company_never_sees_nor_changes_another_companys_groups(incompany):
    acme, group = await incompany.group()
    globex = await incompany.company("Globex")
    await incompany.approve_hr(acme)
    await incompany.approve_hr(globex)
    added = await incompany.add(acme, group["id"], 1)
    assert added.status_code == 201
    base = f"/groups/{group['id']}"
    attempts = [
        ("GET", base, None),
        ("GET", f"{base}/participants", None),
        (
            "POST",
            f"{base}/participants",
            {
                "full_name": "Eve",
                "email": "eve@globex.example",
                "national_register_number": incompany.nrn(9),
            },
        ),
        ("DELETE", f"{base}/participants/{added.json()['id']}", None),
        ("POST", f"{base}/cancel", {"reason": "mischief"}),
        ("GET", f"{base}/evaluations", None),
        ("GET", f"{base}/evaluation-results", None),
    ]
    for method, url, body in attempts:
        answer = await incompany.client.request(method, url, json=body, headers=globex.hr)
        assert answer.status_code == 404, (method, url, answer.text)
        assert answer.json()["detail"] == f"no group {group['id']}"
    assert (await incompany.client.get("/groups", headers=globex.hr)).json()["items"] == []
    search = await incompany.client.post(
        "/participants/search",
        json={"national_register_number": incompany.nrn(1)},
        headers=globex.hr,
    )
    assert search.json()["items"] == []
    still = await incompany.client.get(f"{base}/participants", headers=acme.hr)
    assert [p["state"] for p in still.json()["items"]] == ["active"]
    assert (await incompany.client.get(base, headers=acme.hr)).json()["state"] == "planned"


async def test_staff_find_a_person_by_national_register_number_through_the_blind_index(
    incompany,
):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    await incompany.add(company, group["id"], 5)
    found = await incompany.client.post(
        "/participants/search",
        json={"national_register_number": incompany.nrn(5)},
        headers=incompany.staff(Role.CUSTOMER_SERVICE),
    )
    assert [p["group_reference"] for p in found.json()["items"]] == [group["reference"]]
    assert found.json()["items"][0]["participant"]["national_register_number"].startswith(
        "**.**.**-***."
    )


@pytest.mark.parametrize("missing", ["nrn_encryption_keys", "nrn_index_key", "platform_link_key"])
async def test_without_the_participant_keys_participant_data_answers_503_naming_the_setting(
    start_incompany, missing
):
    async with start_incompany(**{missing: None}) as incompany:
        company, group = await incompany.group()
        await incompany.approve_hr(company)
        answer = await incompany.add(company, group["id"], 1)
        assert answer.status_code == 503
        assert answer.json()["detail"] == f"participant data cannot be handled: set {missing}"
        assert answer.json()["code"] == "keys_not_configured"
        listed = await incompany.client.get(
            f"/groups/{group['id']}/participants", headers=company.hr
        )
        assert listed.status_code == 503
