"""A poison message dead-lettered while the rest flows, replayed after a fix; two
instances of every service.

The poison is a valid `billing.invoice.issued.v1` for a booking enrollment
does not know (as after enrollment's database was restored from a backup
older than the booking). Enrollment cannot apply it and must not ack it away:
it goes to its dead-letter queue with the reason, at once, while every other
message flows. The operator then repairs the data (the booking is restored)
and replays the dead letter with the service's own command; the booking's
status moves to invoiced, and notifications, which got the replayed copy a
second time, records its message once.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import aio_pika
import pytest

from contracts import Envelope
from contracts.billing import InvoiceIssuedV1
from contracts.topology import ENROLLMENT_ORDER_STATUS, EXCHANGE, NOTIFICATIONS_INVOICE

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.faults,
    pytest.mark.timeout(900),
]


async def publish(url: str, envelope: Envelope) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(EXCHANGE)
        await exchange.publish(
            aio_pika.Message(
                envelope.model_dump_json().encode(),
                message_id=str(envelope.event_id),
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=envelope.name,
            mandatory=True,
        )


def operator(service: str, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", service, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_poison_message_dead_lettered_then_replayed_after_a_fix(
    rig_factory, make_driver, record
):
    rig = await rig_factory()
    driver = make_driver(rig)
    mark = driver.at(0.3)
    lost_booking = uuid4()
    poison = Envelope.wrap(
        InvoiceIssuedV1(
            invoice_id=uuid4(),
            number="2026-999999",
            kind="public_booking",
            reference_id=lost_booking,
            amount=Decimal("900.00"),
            invoiced_total=Decimal("900.00"),
            price=Decimal("900.00"),
            payer_name="Customer 0",
            payer_email="customer0@rely.example",
        ),
        producer="billing",
        occurred_at=datetime.now(UTC),
        correlation_id="fault-suite-poison",
    )
    rig.injected_event_ids.add(poison.event_id)
    dead_letter_queue = ENROLLMENT_ORDER_STATUS.dead_letter_queue

    async def inject() -> None:
        await mark.wait()
        await publish(rig.admin_url, poison)

    await asyncio.gather(driver.run(), inject())
    rig.expected_dead_letters[dead_letter_queue] = 1
    await rig.wait_quiet()
    ledger = await rig.ledger()  # the poison waits in its dead-letter queue; all else flowed
    assert ledger.clean, ledger.details[:20]

    env = {
        **os.environ,
        "RABBITMQ_URL": rig.admin_url,
        "DATABASE_URL": rig.databases["enrollment"],
    }
    [letter] = [
        json.loads(line)
        for line in operator(
            "enrollment",
            "dead-letters",
            "list",
            "--queue",
            ENROLLMENT_ORDER_STATUS.name,
            "--json",
            env=env,
        ).splitlines()
        if '"reason"' in line
    ]
    assert letter["event_name"] == "billing.invoice.issued.v1"
    assert f"booking {lost_booking}, unknown to enrollment" in letter["reason"]
    assert letter["attempts"] == 1  # dead-lettered at once: no retry can fix it

    # The fix: the booking is restored (a copy of a real one, under the lost id).
    [model] = await rig.fetch("enrollment", "SELECT id FROM bookings LIMIT 1")
    await rig.execute(
        "enrollment",
        f"CREATE TEMP TABLE restored AS SELECT * FROM bookings WHERE id = '{model['id']}';"  # noqa: S608
        f"UPDATE restored SET id = '{lost_booking}', status = 'validated', invoiced_total = 0;"
        "INSERT INTO bookings SELECT * FROM restored;",
    )
    rig.restored_rows.add(str(lost_booking))
    replayed = operator(
        "enrollment",
        "dead-letters",
        "replay",
        "--queue",
        ENROLLMENT_ORDER_STATUS.name,
        "--json",
        env=env,
    )
    assert '"replayed": 1' in replayed, replayed
    rig.expected_dead_letters.clear()
    await rig.wait_quiet()

    async def status() -> str:
        [row] = await rig.fetch(
            "enrollment", "SELECT status FROM bookings WHERE id = $1", lost_booking
        )
        return row["status"]

    assert await status() == "invoiced"
    messages = await rig.fetch(
        "notifications", "SELECT count(*) AS n FROM messages WHERE event_id = $1", poison.event_id
    )
    assert messages[0]["n"] == 1  # the replayed copy reached notifications again: skipped
    inbox = await rig.fetch(
        "notifications",
        "SELECT count(*) AS n FROM inbox WHERE event_id = $1 AND consumer = $2",
        poison.event_id,
        NOTIFICATIONS_INVOICE.name,
    )
    assert inbox[0]["n"] == 1
    ledger = await rig.ledger()
    record(
        "poison message, replayed",
        rig,
        driver,
        ledger,
        notes=[
            f"dead-lettered with: {letter['reason']}",
            "after the fix: replayed by `enrollment dead-letters replay`, booking invoiced",
        ],
    )
    assert driver.operations >= driver.target
    assert not driver.server_errors
    assert ledger.clean, ledger.details[:20]


async def test_two_instances_of_every_service(rig_factory, make_driver, record):
    rig = await rig_factory(replicas=2)
    driver = make_driver(rig)
    await driver.run()
    await rig.wait_quiet()
    ledger = await rig.ledger()
    # Both instances of each service took HTTP requests and messages.
    shares = {}
    for service, replicas in rig.processes.items():
        handled = [await p.metric(rig.http, "messages_consumed_total") for p in replicas]
        shares[service] = handled
    record(
        "two instances of each",
        rig,
        driver,
        ledger,
        notes=[
            f"messages consumed per instance: {shares}",
        ],
    )
    assert driver.operations >= driver.target
    assert not driver.server_errors
    assert ledger.clean, ledger.details[:20]
    for service in ("enrollment", "billing", "notifications", "accounts"):
        assert all(n > 0 for n in shares[service]), (service, shares[service])
