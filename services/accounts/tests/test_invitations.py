"""R-A2: an enrollment not made on the website still gives the person an account,
reached through a single-use set-password link, never a password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

from sqlalchemy import func, select

from accounts.adapters.tables import User
from accounts.service import DEFINITION
from chassis.consumers import handle_once
from contracts import Envelope
from contracts.enrollment import BookingRequestedV1, SessionFacts, Trainee
from testkit.services import wait_until

INVITED = "accounts.user.invited.v2"
STARTS = datetime(2027, 1, 11, 8, tzinfo=UTC)
[INVITE_ON_BOOKING] = [c for c in DEFINITION.consumers if c.queue.event is BookingRequestedV1]


def booking(
    *,
    placed_by_email: str = "paul@example.fr",
    trainee_email: str = "paul@example.fr",
    placed_by_staff: bool = True,
    placed_by_user_id=None,
) -> BookingRequestedV1:
    return BookingRequestedV1(
        booking_id=uuid4(),
        session=SessionFacts(
            session_id=uuid4(),
            course_code="PY101",
            course_title="Python",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=7),
            location="remote",
        ),
        trainee=Trainee(full_name="Paul Trainee", email=trainee_email),
        placed_by_email=placed_by_email,
        placed_by_user_id=placed_by_user_id,
        placed_by_name="Paul Placer",
        placed_by_staff=placed_by_staff,
        company_id=None,
        language="nl",
        price=Decimal("450.00"),
        validation_due_at=STARTS - timedelta(days=30),
    )


async def users_count(accounts, email: str | None = None) -> int:
    async with accounts.runtime.db.sessions() as session:
        query = select(func.count()).select_from(User)
        if email:
            query = query.where(User.email == email)
        return int(await session.scalar(query) or 0)


async def publish(accounts, event: BookingRequestedV1) -> None:
    """As if enrollment published it: through the bus, to accounts' consumer."""
    async with accounts.runtime.unit_of_work() as uow:
        uow.publish(event)
        await uow.commit()


async def test_r_a2_a_booking_taken_by_phone_creates_the_account_and_sends_a_link(accounts):
    await publish(accounts, booking())

    async def invited() -> bool:
        return len(await accounts.events(INVITED)) == 1

    await wait_until(invited, message="the invitation")
    [invitation] = await accounts.events(INVITED)
    assert invitation["email"] == "paul@example.fr"
    assert invitation["reason"] == "enrollment_by_staff"
    assert invitation["language"] == "nl"
    assert invitation["link"]["purpose"] == "set_password"  # sealed: no URL in clear
    assert datetime.fromisoformat(
        invitation["link"]["expires_at"]
    ) == accounts.clock.now() + timedelta(hours=72)
    # No password exists until the person chooses one with the link.
    refused = await accounts.client.post(
        "/token", json={"email": "paul@example.fr", "password": accounts.PASSWORD}
    )
    assert refused.status_code == 401


async def test_r_a2_the_set_password_link_works_once(accounts):
    await publish(accounts, booking())

    async def invited() -> bool:
        return bool(await accounts.events(INVITED))

    await wait_until(invited, message="the invitation")
    [invitation] = await accounts.events(INVITED)
    body = {"token": accounts.link_token(invitation), "password": "a" * 12}
    assert (await accounts.client.post("/password/set", json=body)).status_code == 204
    assert await accounts.log_in("paul@example.fr", "a" * 12)
    again = await accounts.client.post("/password/set", json={**body, "password": "b" * 12})
    assert again.status_code == 400
    assert again.json()["detail"] == "this link is invalid or has expired"
    assert await accounts.log_in("paul@example.fr", "a" * 12)


async def test_r_a2_the_set_password_link_expires(accounts):
    await publish(accounts, booking())

    async def invited() -> bool:
        return bool(await accounts.events(INVITED))

    await wait_until(invited, message="the invitation")
    [invitation] = await accounts.events(INVITED)
    accounts.clock.advance(timedelta(hours=72, seconds=1))
    body = {"token": accounts.link_token(invitation), "password": "a" * 12}
    assert (await accounts.client.post("/password/set", json=body)).status_code == 400


async def test_r_a2_a_weak_password_does_not_use_up_the_link(accounts):
    await publish(accounts, booking())

    async def invited() -> bool:
        return bool(await accounts.events(INVITED))

    await wait_until(invited, message="the invitation")
    [invitation] = await accounts.events(INVITED)
    token = accounts.link_token(invitation)
    weak = await accounts.client.post("/password/set", json={"token": token, "password": "short"})
    assert weak.status_code == 422
    assert weak.json()["detail"].startswith("password: ")
    ok = await accounts.client.post("/password/set", json={"token": token, "password": "a" * 12})
    assert ok.status_code == 204


async def test_r_a2_staff_booking_for_someone_else_invites_placer_and_trainee(accounts):
    event = booking(trainee_email="tina@example.fr")
    async with accounts.runtime.unit_of_work() as uow:
        await INVITE_ON_BOOKING.handler(event, uow)
        await uow.commit()
    invited = sorted(e["email"] for e in await accounts.events(INVITED))
    assert invited == ["paul@example.fr", "tina@example.fr"]


async def test_r_a2_an_existing_account_is_left_alone(accounts):
    await accounts.register("paul@example.fr")
    async with accounts.runtime.unit_of_work() as uow:
        await INVITE_ON_BOOKING.handler(booking(), uow)
        await uow.commit()
    assert await accounts.events(INVITED) == []
    assert await users_count(accounts) == 1
    assert await accounts.log_in("paul@example.fr")


async def test_r_a2_an_online_booking_invites_only_a_trainee_without_account(accounts):
    placer = await accounts.register("manager@example.fr")
    event = booking(
        placed_by_email="manager@example.fr",
        trainee_email="Newbie@Example.fr",
        placed_by_staff=False,
        placed_by_user_id=placer["id"],
    )
    async with accounts.runtime.unit_of_work() as uow:
        await INVITE_ON_BOOKING.handler(event, uow)
        await uow.commit()
    assert [e["email"] for e in await accounts.events(INVITED)] == ["newbie@example.fr"]


async def test_r_a2_a_redelivered_booking_creates_one_account_and_one_invitation(accounts):
    event = booking()
    envelope = Envelope.wrap(
        event,
        producer="enrollment",
        occurred_at=accounts.clock.now(),
        correlation_id="test",
    )
    for _ in range(2):
        await handle_once(envelope, event, INVITE_ON_BOOKING, accounts.runtime)
    # Another booking for the same person, another event: the account exists now.
    second = booking()
    await handle_once(
        Envelope.wrap(
            second, producer="enrollment", occurred_at=accounts.clock.now(), correlation_id="t2"
        ),
        second,
        INVITE_ON_BOOKING,
        accounts.runtime,
    )
    assert await users_count(accounts, "paul@example.fr") == 1
    assert len(await accounts.events(INVITED)) == 1


async def test_a_booking_event_is_handled_without_checking_its_addresses_again(
    accounts, monkeypatch
):
    """Issue 17: enrollment checked them when the request came in; accounts used to check
    the trainee's and the placer's address again on receipt, and the invitation's."""
    import email_validator

    checked: list[str] = []
    real = email_validator.validate_email

    def counting(address, *args, **kwargs):
        checked.append(address)
        return real(address, *args, **kwargs)

    event = booking(trainee_email="tina@example.fr")
    monkeypatch.setattr(email_validator, "validate_email", counting)
    await publish(accounts, event)

    async def invited() -> bool:
        return len(await accounts.events(INVITED)) == 2  # the placer and the trainee

    await wait_until(invited, message="the invitations")
    assert checked == []
