"""Bad input on the real broker: whatever arrives, the consumer dead-letters what it cannot
handle, with the reason, and goes on with the next message (OWASP ASVS V1/V4 input handling).

Enrollment's order-status consumer (billing.invoice.issued.v1) receives, in one go:
malformed JSON, an oversized envelope, an unknown event version, another event sent
on its routing key, and a well-formed invoice for a booking that does not exist; then
a good invoice for a real booking, which must still move the booking to "invoiced".
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import aio_pika
import pytest

from chassis.clock import ManualClock
from contracts import EXCHANGE, Envelope
from contracts.accounts import UserRegisteredV1
from contracts.billing import InvoiceIssuedV1
from contracts.identity import Role
from contracts.topology import ENROLLMENT_ORDER_STATUS
from enrollment.service import DEFINITION as ENROLLMENT
from testkit.services import reset_queues, running_service, wait_until
from testkit.tokens import TokenMinter

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

QUEUE = ENROLLMENT_ORDER_STATUS
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
OVERSIZED_BYTES = 2 * 1024 * 1024


def invoice(reference_id: uuid.UUID, total: Decimal, *, payer_name: str = "Ivy") -> InvoiceIssuedV1:
    return InvoiceIssuedV1(
        invoice_id=uuid.uuid4(),
        number="2027-000001",
        kind="public_booking",
        reference_id=reference_id,
        amount=total,
        invoiced_total=total,
        price=total,
        payer_name=payer_name,
        payer_email="ivy@individual.example",
    )


def wrapped(event, *, name: str | None = None) -> bytes:
    envelope = Envelope.wrap(event, producer="tests", occurred_at=NOW, correlation_id="bus-tests")
    body = envelope.model_dump(mode="json")
    if name is not None:
        body["name"] = name
    return json.dumps(body).encode()


def oversized(reference_id: uuid.UUID) -> bytes:
    body = json.loads(wrapped(invoice(reference_id, Decimal("10.00"))))
    body["payload"]["payer_name"] = "x" * OVERSIZED_BYTES
    return json.dumps(body).encode()


async def publish(url: str, messages: dict[str, bytes]) -> None:
    """Each body on the queue's routing key, its label as message id."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(EXCHANGE)
        for label, body in messages.items():
            await exchange.publish(
                aio_pika.Message(
                    body, message_id=label, delivery_mode=aio_pika.DeliveryMode.PERSISTENT
                ),
                routing_key=QUEUE.routing_key,
                mandatory=True,
            )


async def dead_letters(url: str) -> dict[str, aio_pika.abc.AbstractIncomingMessage]:
    connection = await aio_pika.connect(url)
    found = {}
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(QUEUE.dead_letter_queue, passive=True)
        while (message := await queue.get(no_ack=True, fail=False, timeout=5)) is not None:
            found[str(message.message_id)] = message
    return found


async def dead_letter_count(url: str) -> int:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(QUEUE.dead_letter_queue, passive=True)
        return int(queue.declaration_result.message_count or 0)


async def a_validated_booking(client, minter: TokenMinter) -> tuple[str, Decimal]:
    planner, cs = minter.headers(Role.PLANNER), minter.headers(Role.CUSTOMER_SERVICE)
    course = await client.post(
        "/courses", json={"code": "BUS-1", "title": "Bus", "list_price": "250.00"}, headers=planner
    )
    assert course.status_code == 201, course.text
    session = await client.post(
        "/sessions",
        json={
            "course_id": course.json()["id"],
            "starts_at": "2027-03-15T09:00:00+01:00",
            "ends_at": "2027-03-15T17:00:00+01:00",
            "location": "Paris",
            "seats": 10,
        },
        headers=planner,
    )
    assert session.status_code == 201, session.text
    ivy = minter.headers(Role.INDIVIDUAL, email="ivy@individual.example")
    booked = await client.post(
        "/bookings",
        json={
            "session_id": session.json()["id"],
            "trainees": [{"full_name": "Ivy", "email": "ivy@individual.example"}],
        },
        headers=ivy,
    )
    assert booked.status_code == 201, booked.text
    booking = booked.json()[0]
    validated = await client.post(f"/bookings/{booking['id']}/validate", headers=cs)
    assert validated.status_code == 200, validated.text
    return booking["id"], Decimal(booking["price"])


async def test_what_cannot_be_handled_is_dead_lettered_with_its_reason_and_the_rest_flows(
    rabbitmq_url, fresh_database, settings_for, ledger
):
    await reset_queues(rabbitmq_url, (QUEUE,))
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    settings = settings_for(
        "enrollment", await fresh_database(), jwt_public_key=minter.public_key_pem
    )
    async with running_service(ENROLLMENT, settings, clock=clock) as enrollment:
        await wait_until(enrollment.runtime.supervisor.is_ready, message="the consumer")
        booking_id, price = await a_validated_booking(enrollment.client, minter)
        ghost = uuid.uuid4()
        someone = UserRegisteredV1(
            user_id=uuid.uuid4(), email="a@b.example", full_name="A", account_kind="individual"
        )
        bad = {
            "malformed JSON": b'{"event_id": "1", "name": ',
            "not JSON at all": b"\xff\xfe\x00binary",
            "oversized": oversized(uuid.UUID(booking_id)),
            "unknown version": wrapped(invoice(ghost, price), name="billing.invoice.issued.v9"),
            "another event": wrapped(someone),
            "impossible content": wrapped(invoice(ghost, price)),
        }
        await publish(rabbitmq_url, {**bad, "good": wrapped(invoice(uuid.UUID(booking_id), price))})
        ivy = minter.headers(Role.INDIVIDUAL, email="ivy@individual.example")

        async def good_one_handled() -> bool:
            booking = await enrollment.client.get(f"/bookings/{booking_id}", headers=ivy)
            return booking.json()["status"] == "invoiced"

        async def all_dead_lettered() -> bool:
            return await dead_letter_count(rabbitmq_url) == len(bad)

        await wait_until(good_one_handled, timeout=30, message="the good invoice")
        await wait_until(all_dead_lettered, timeout=30, message="every bad message dead-lettered")
        assert await enrollment.runtime.supervisor.is_ready()
        found = await dead_letters(rabbitmq_url)

    assert set(found) == set(bad)
    reasons = {label: str(m.headers["x-dead-letter-reason"]) for label, m in found.items()}
    expected = {
        "malformed JSON": "undeliverable: not an event envelope: ",
        "not JSON at all": "undeliverable: not an event envelope: ",
        "oversized": f"undeliverable: invalid {InvoiceIssuedV1.name} payload: payer_name: ",
        "unknown version": "undeliverable: unknown event name 'billing.invoice.issued.v9'",
        "another event": f"undeliverable: {UserRegisteredV1.name} is not what {QUEUE.name}",
        "impossible content": f"undeliverable: invoice 2027-000001 is for booking {ghost}",
    }
    for label, start in expected.items():
        assert reasons[label].startswith(start), (label, reasons[label])
        assert len(reasons[label]) <= 2000
        assert found[label].headers["x-dead-letter-queue"] == QUEUE.name
        assert found[label].headers["x-attempts"] == 1, "retrying cannot fix it: at once"
        assert found[label].body == bad[label], "kept whole, to be replayed after a fix"
    ledger.note(
        f"bus bad input: {len(bad)} bad messages dead-lettered with their reason, "
        "the good one after them handled"
    )
