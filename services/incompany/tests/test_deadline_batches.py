"""The scan settles due deadlines in batches, one transaction each, and keeps every
guarantee of firing one by one: a row that fails does not hold back the rest of its
batch and is retried later; a group that a request holds is left for the next pass;
two scans at once fire each deadline exactly once (R-I6, R-I9 fired exactly once)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from incompany.adapters.tables import Deadline, Group
from incompany.domain.deadlines import DeadlineKind
from incompany.handlers import firing

REMINDER = "incompany.group.participant-reminder-due.v1"
CONFIRMED = "incompany.group.definitively-confirmed.v1"


async def reminder_of(incompany, group_id: str) -> Deadline:
    async with incompany.runtime.db.sessions() as session:
        return await session.scalar(
            select(Deadline).where(
                Deadline.group_id == UUID(group_id),
                Deadline.kind == DeadlineKind.PARTICIPANT_REMINDER.value,
            )
        )


async def fired_groups(incompany, name: str) -> list[str]:
    return [event["group"]["group_id"] for event in await incompany.events(name)]


async def test_a_row_whose_firing_fails_is_retried_later_and_the_rest_of_its_batch_fires(
    incompany, monkeypatch
):
    groups = [(await incompany.group())[1]["id"] for _ in range(4)]
    broken = groups[1]
    fire = firing.fire

    def failing_for_one_group(kind, group, *args, **kwargs):
        if str(group.id) == broken:
            raise RuntimeError("the template of this group is broken")
        return fire(kind, group, *args, **kwargs)

    monkeypatch.setattr(firing, "fire", failing_for_one_group)
    reminder_day = incompany.brussels(2027, 3, 22, 9, 0)
    assert await incompany.at(reminder_day) == 3
    assert sorted(await fired_groups(incompany, REMINDER)) == sorted(set(groups) - {broken})
    row = await reminder_of(incompany, broken)
    assert (row.state, row.attempts) == ("scheduled", 1)
    assert "template of this group is broken" in row.last_error
    assert row.retry_at == reminder_day + timedelta(seconds=5)

    monkeypatch.setattr(firing, "fire", fire)
    assert await incompany.scan() == 0  # not before its retry
    assert await incompany.at(reminder_day + timedelta(seconds=5)) == 1
    assert sorted(await fired_groups(incompany, REMINDER)) == sorted(groups)
    assert (await reminder_of(incompany, broken)).state == "done"


async def test_a_pass_claims_at_most_its_batch_size_and_the_next_takes_the_rest(
    start_incompany,
):
    async with start_incompany(deadline_batch_size=2) as incompany:
        for _ in range(3):
            await incompany.group()
        await incompany.at(incompany.brussels(2027, 3, 28, 12, 0))  # 3 reminders, 3 confirmations
        assert [await incompany.scan() for _ in range(3)] == [2, 2, 0]
        assert Counter({REMINDER: 3, CONFIRMED: 3}) == Counter(
            {name: len(await incompany.events(name)) for name in (REMINDER, CONFIRMED)}
        )


@pytest.mark.postgres
async def test_a_group_held_by_a_request_is_left_for_the_next_pass_the_others_fire(
    start_incompany, fresh_database
):
    async with start_incompany(database_url=await fresh_database()) as incompany:
        groups = [(await incompany.group())[1]["id"] for _ in range(3)]
        held = groups[0]
        incompany.clock.set(incompany.brussels(2027, 3, 22, 9, 0))
        async with incompany.runtime.db.sessions() as request, request.begin():
            # What a request changing the group does first: lock it.
            await request.scalar(select(Group).where(Group.id == UUID(held)).with_for_update())
            assert await incompany.scan() == 2
            assert (await reminder_of(incompany, held)).state == "scheduled"
        assert await incompany.scan() == 1
        assert sorted(await fired_groups(incompany, REMINDER)) == sorted(groups)


@pytest.mark.postgres
async def test_two_scans_claiming_batches_at_once_fire_each_deadline_exactly_once(
    start_incompany, fresh_database
):
    common = {"database_url": await fresh_database(), "deadline_batch_size": 4}
    async with start_incompany(**common) as one, start_incompany(**common) as two:
        groups = [(await one.group())[1]["id"] for _ in range(12)]
        one.clock.set(one.brussels(2027, 3, 28, 12, 0))  # 12 reminders, 12 confirmations
        settled = 0
        for _ in range(10):
            passes = await asyncio.gather(*(s.scan() for s in (one, two, one, two)))
            settled += sum(passes)
            if not any(passes):
                break
        assert settled == 24  # every settled row counted by exactly one pass
        outbox = one.runtime.delivery.outbox
        async with one.runtime.db.sessions() as session:
            rows = (await session.execute(select(outbox.c.name, outbox.c.body))).all()
        fired = [
            (name, json.loads(body)["payload"]["group"]["group_id"])
            for name, body in rows
            if name in (REMINDER, CONFIRMED)
        ]
        assert sorted(fired) == sorted((name, g) for name in (REMINDER, CONFIRMED) for g in groups)
