"""Issue 18: a cancelled participant no longer keeps their number; a person's participant
data is erased on request (staff API and operator command); after a key rotation every
number is re-encrypted and re-indexed, the old keys removed, and all stays readable and
findable by number."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import MetaData, func, select

from contracts.identity import Role
from incompany.adapters.tables import Participant
from incompany.entrypoints.commands import erase_participant_command, nrn_reencrypt, nrn_reindex
from testkit.services import wait_until

from .conftest import FERNET_KEY, INDEX_KEY, incompany_settings

NEW_FERNET_KEY = Fernet.generate_key().decode()
NEW_INDEX_KEY = "the-new-blind-index-key-for-tests-987654"


async def participant_row(service, participant_id: str) -> Participant:
    async with service.runtime.db.sessions() as session:
        return await session.get(Participant, UUID(participant_id))


async def everything_stored(service) -> str:
    """Every value of every table of incompany's database, as one text to search."""
    metadata = MetaData()
    async with service.runtime.db.engine.connect() as connection:
        await connection.run_sync(metadata.reflect)
        texts = []
        for table in metadata.sorted_tables:
            for row in (await connection.execute(select(table))).all():
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        texts.append(bytes(value).decode("latin-1"))
                    else:
                        texts.append(str(value))
    return "\n".join(texts).lower()


async def published(service) -> None:
    outbox = service.runtime.delivery.outbox

    async def none_pending() -> bool:
        async with service.runtime.db.sessions() as session:
            pending = await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            )
        return pending == 0

    await wait_until(none_pending, message="the outbox published")


async def test_a_cancelled_participant_keeps_no_number_and_can_be_entered_again(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    added = (await incompany.add(company, group["id"], 7)).json()
    cancelled = await incompany.client.delete(
        f"/groups/{group['id']}/participants/{added['id']}", headers=company.hr
    )
    assert cancelled.json()["national_register_number"] == "**.**.**-***." + incompany.nrn(7)[-2:]
    row = await participant_row(incompany, added["id"])
    assert row.nrn_ciphertext is None, "a cancelled participant must not keep the number"
    listed = await incompany.client.get(
        f"/groups/{group['id']}/participants?include_cancelled=true", headers=company.hr
    )
    assert [p["national_register_number"] for p in listed.json()["items"]] == ["**.**.**-***.**"]
    again = await incompany.add(company, group["id"], 7)
    assert again.status_code == 201
    assert again.json()["id"] == added["id"], "the same person's row, found by its index"
    assert (await participant_row(incompany, added["id"])).nrn_ciphertext is not None


async def test_staff_erase_a_person_and_no_table_keeps_their_name_email_or_number(incompany):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    person: dict[str, Any] = {
        "full_name": "Zoë Erasable-Person",
        "email": "zoe.erasable@acme.example",
        "national_register_number": incompany.nrn(41),
    }
    erased_id = (await incompany.add(company, group["id"], 41, **person)).json()["id"]
    kept = (await incompany.add(company, group["id"], 42)).json()
    await published(incompany)
    index = (await participant_row(incompany, erased_id)).nrn_index
    compact = person["national_register_number"]
    before = await everything_stored(incompany)
    assert person["email"] in before  # the scan sees them
    assert index in before

    url = "/participants/erasures"
    body = {"national_register_number": compact}
    refused = await incompany.client.post(url, json=body, headers=company.hr)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    staff = incompany.staff(Role.CUSTOMER_SERVICE)
    both = await incompany.client.post(url, json={**body, "email": person["email"]}, headers=staff)
    assert (both.status_code, both.json()["code"]) == (422, "erasure_target")
    unknown = await incompany.client.post(
        url, json={"email": "nobody@acme.example"}, headers=staff
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_person")

    erased = await incompany.client.post(url, json=body, headers=staff)
    assert erased.status_code == 200, erased.text
    assert erased.json()["erased"] == [erased_id]
    assert erased.json()["published_events_deleted"] >= 1  # its participant.added event

    stored = await everything_stored(incompany)
    for trace in ("zoë erasable", "erasable-person", person["email"], compact, index):
        assert trace.lower() not in stored, f"{trace!r} is still stored"
    row = await participant_row(incompany, erased_id)
    assert (row.state, row.nrn_ciphertext, row.nrn_index) == ("cancelled", None, None)
    assert row.erased_at is not None
    # The other participant is untouched, and still found by number.
    assert kept["email"] in stored
    found = await incompany.client.post(
        "/participants/search",
        json={"national_register_number": incompany.nrn(42)},
        headers=staff,
    )
    assert [p["participant"]["id"] for p in found.json()["items"]] == [kept["id"]]
    again = await incompany.client.post(url, json=body, headers=staff)
    assert again.status_code == 404, "nothing is left to find by that number"


async def test_the_operator_erases_a_participant_by_email(incompany, tmp_path, capsys):
    company, group = await incompany.group()
    await incompany.approve_hr(company)
    added = (await incompany.add(company, group["id"], 51)).json()
    # An event not yet published is kept until it is (chassis.erasure): the relay must have
    # published the participant's, as the staff erasure test above waits for it too.
    await published(incompany)
    status = await asyncio.to_thread(
        erase_participant_command, incompany.runtime.settings, ["--email", added["email"]]
    )
    assert status == 0
    assert f'"erased": ["{added["id"]}"]' in capsys.readouterr().out
    assert added["email"] not in await everything_stored(incompany)


async def test_after_rotating_both_keys_numbers_are_readable_and_found_without_the_old_ones(
    start_incompany, tmp_path, capsys
):
    async with start_incompany() as before:
        company, group = await before.group()
        await before.approve_hr(company)
        ids = [(await before.add(company, group["id"], n)).json()["id"] for n in (1, 2, 3)]
        await before.client.delete(
            f"/groups/{group['id']}/participants/{ids[2]}", headers=company.hr
        )
        group_id, hr = group["id"], company.hr

    rotating = incompany_settings(
        tmp_path,
        nrn_encryption_keys=f"{NEW_FERNET_KEY},{FERNET_KEY}",
        nrn_index_key=NEW_INDEX_KEY,
        nrn_previous_index_key=INDEX_KEY,
    )
    async with start_incompany(
        nrn_encryption_keys=rotating.nrn_encryption_keys.get_secret_value(),
        nrn_index_key=NEW_INDEX_KEY,
        nrn_previous_index_key=INDEX_KEY,
    ) as during:  # before re-indexing, lookups try the previous index key too
        found = await during.client.post(
            "/participants/search",
            json={"national_register_number": during.nrn(1)},
            headers=during.staff(Role.CUSTOMER_SERVICE),
        )
        assert [p["participant"]["id"] for p in found.json()["items"]] == [ids[0]]
        twice = await during.add(company, group_id, 2)
        assert twice.status_code == 409, "the duplicate is still seen through the old index"

    assert await asyncio.to_thread(nrn_reencrypt, rotating, ["--batch-size", "2"]) == 0
    assert "3 participant(s) read, 2 re-encrypted" in capsys.readouterr().out
    assert await asyncio.to_thread(nrn_reindex, rotating, ["--batch-size", "2"]) == 0
    assert "3 participant(s) read, 3 re-indexed" in capsys.readouterr().out

    async with start_incompany(  # the old keys removed from the settings
        nrn_encryption_keys=NEW_FERNET_KEY, nrn_index_key=NEW_INDEX_KEY
    ) as after:
        listed = await after.client.get(f"/groups/{group_id}/participants", headers=hr)
        assert listed.status_code == 200, listed.text
        assert [p["national_register_number"][-2:] for p in listed.json()["items"]] == [
            after.nrn(1)[-2:],
            after.nrn(2)[-2:],
        ]
        for serial, participant_id in ((1, ids[0]), (2, ids[1])):
            found = await after.client.post(
                "/participants/search",
                json={"national_register_number": after.nrn(serial)},
                headers=after.staff(Role.CUSTOMER_SERVICE),
            )
            assert [p["participant"]["id"] for p in found.json()["items"]] == [participant_id]
            row = await participant_row(after, participant_id)
            try:
                Fernet(FERNET_KEY.encode()).decrypt(row.nrn_ciphertext)
                raise AssertionError("still readable with the retired key")
            except InvalidToken:
                pass
        assert (await after.add(company, group_id, 1)).status_code == 409
        assert (await after.add(company, group_id, 3)).status_code == 201
