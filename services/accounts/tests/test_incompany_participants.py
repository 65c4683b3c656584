"""R-A7: an in-company participant without an account gets one (participant role) and a
single-use set-password link, never a password; once, however often the event comes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
from sqlalchemy import func, select

from accounts.adapters.tables import User
from accounts.service import DEFINITION
from chassis.consumers import handle_once
from contracts import Envelope
from contracts.incompany import CompanyFacts, GroupFacts, ParticipantAddedV1, ParticipantFacts

INVITED = "accounts.user.invited.v1"
[INVITE_PARTICIPANT] = [c for c in DEFINITION.consumers if c.queue.event is ParticipantAddedV1]
STARTS = datetime(2027, 3, 3, 8, tzinfo=UTC)


def added(email: str = "Pierre.Lambert@Dupont.example", language: str = "nl"):
    group_id = uuid4()
    return ParticipantAddedV1(
        company=CompanyFacts(company_id=uuid4(), name="Brasserie Dupont SA"),
        group=GroupFacts(
            group_id=group_id,
            request_id=uuid4(),
            project_number="IC2027-0003",
            group_number=1,
            group_reference="IC2027-0003-01",
            course_code="XL-ADV",
            course_title="Excel avancé",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=3),
        ),
        participant=ParticipantFacts(
            participant_id=uuid4(), full_name="Pierre Lambert", email=email, language=language
        ),
        added_by_email="hr@dupont.example",
    )


async def deliver(accounts, event, envelope: Envelope | None = None) -> Envelope:
    envelope = envelope or Envelope.wrap(
        event, producer="incompany", occurred_at=accounts.clock.now(), correlation_id="test"
    )
    await handle_once(envelope, event, INVITE_PARTICIPANT, accounts.runtime)
    return envelope


async def user(accounts, email: str) -> User | None:
    async with accounts.runtime.db.sessions() as session:
        return await session.scalar(select(User).where(User.email == email))


def roles_in(headers: dict[str, str]) -> list[str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})["roles"]


async def test_r_a7_a_participant_without_account_gets_one_and_a_set_password_link(accounts):
    await deliver(accounts, added())
    created = await user(accounts, "pierre.lambert@dupont.example")
    assert created is not None
    assert (created.roles, created.password_hash, created.language, created.company_id) == (
        ["participant"],
        None,
        "nl",
        None,
    )
    [invitation] = await accounts.events(INVITED)
    assert invitation["user_id"] == str(created.id)
    assert invitation["email"] == "pierre.lambert@dupont.example"
    assert invitation["reason"] == "incompany_participant"
    assert invitation["language"] == "nl"
    assert invitation["set_password_url"].startswith(
        f"{accounts.PUBLIC_BASE_URL}/set-password?token="
    )
    refused = await accounts.client.post(
        "/token",
        json={"email": "pierre.lambert@dupont.example", "password": accounts.PASSWORD},
    )
    assert refused.status_code == 401  # no password exists until the person sets one


async def test_r_a7_the_link_sets_the_password_and_the_login_carries_the_participant_role(
    accounts,
):
    await deliver(accounts, added())
    [invitation] = await accounts.events(INVITED)
    body = {"token": accounts.token_of(invitation["set_password_url"]), "password": "a" * 12}
    assert (await accounts.client.post("/password/set", json=body)).status_code == 204
    headers = await accounts.log_in("pierre.lambert@dupont.example", "a" * 12)
    assert roles_in(headers) == ["participant"]


async def test_r_a7_the_account_is_created_once_whether_redelivered_republished_or_regrouped(
    accounts,
):
    event = added()
    envelope = await deliver(accounts, event)
    await deliver(accounts, event, envelope)  # the same event again: the inbox skips it
    await deliver(accounts, event)  # re-published with a new event id
    await deliver(accounts, added())  # the same person added to another group
    async with accounts.runtime.db.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(User))
    assert count == 1
    assert len(await accounts.events(INVITED)) == 1


async def test_r_a7_an_existing_account_is_not_invited_and_gains_the_participant_role(accounts):
    await accounts.register("pierre.lambert@dupont.example")
    await deliver(accounts, added())
    assert await accounts.events(INVITED) == []
    headers = await accounts.log_in("pierre.lambert@dupont.example")
    assert roles_in(headers) == ["individual", "participant"]


async def test_r_a7_an_account_with_the_participant_role_is_left_as_it_is(accounts):
    await deliver(accounts, added())
    await deliver(accounts, added())
    existing = await user(accounts, "pierre.lambert@dupont.example")
    assert existing is not None
    assert existing.roles == ["participant"]
