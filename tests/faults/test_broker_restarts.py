"""A baseline without faults, then the RabbitMQ cluster restarted several times mid-stream.

The baseline also proves the ledger can fail: a billable deleted behind
billing's back is reported lost, a second validation event for one booking
duplicated, an event no consumer recorded lost once per consumer, an invoice
the API acknowledged but billing does not hold lost.
"""

from __future__ import annotations

import asyncio
import json
from uuid import uuid4

import pytest

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.faults,
    pytest.mark.timeout(900),
]


async def test_no_fault_baseline_and_the_ledger_sees_a_loss(rig_factory, make_driver, record, nrn):
    rig = await rig_factory()
    driver = make_driver(rig)
    await driver.run()
    await rig.wait_quiet()
    ledger = await rig.ledger()
    ledger_result = record("no fault (baseline)", rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors
    assert ledger.clean, ledger.details[:20]
    assert ledger.acknowledged_checked == len(rig.acknowledged) > 0  # every 2xx write found
    # no fault: the load's own requests are all sound (a timeout on a busy machine aside)
    assert not [kind for kind in driver.refused if ": 4" in kind], driver.refused

    # The scans ran under the load: the groups it planned had their reminder (R-I6) and
    # definitive confirmation (R-I9) fired by incompany's deadline scan.
    fired = {
        r["name"]: r["n"]
        for r in await rig.fetch(
            "incompany",
            "SELECT name, count(*) AS n FROM outbox WHERE name IN "
            "('incompany.group.participant-reminder-due.v1', "
            "'incompany.group.definitively-confirmed.v1') GROUP BY name",
        )
    }
    assert driver.done["group"] > 0
    assert fired.get("incompany.group.participant-reminder-due.v1", 0) > 0, fired
    assert fired.get("incompany.group.definitively-confirmed.v1", 0) > 0, fired

    # National register numbers: unreadable in incompany's database without its keys,
    # and in no service's log; nor are the access tokens the load used.
    numbers = [nrn(serial) for serial in range(1, driver.done["participant"] + 1)]
    rows = await rig.fetch("incompany", "SELECT p::text AS row FROM participants p")
    assert len(rows) == driver.done["participant"] > 0
    dump = "\n".join(r["row"] for r in rows)
    assert [n for n in numbers if n in dump] == []
    tokens = [c.headers["Authorization"].split()[1] for c in rig.catalogue["customers"]]
    tokens += [rig.staff["Authorization"].split()[1]]
    logs = "\n".join(p.log.read_text(errors="replace") for p in rig.all_processes())
    leaked = [n for n in numbers if n in logs] + [t for t in tokens if t in logs]
    assert leaked == []
    assert len(logs.splitlines()) > driver.operations  # the logs were there to be read
    record_note = (
        f"{len(numbers)} national register numbers: 0 readable in the database, "
        f"0 in {len(logs.splitlines()):,} log lines; {len(tokens)} access tokens: 0 in the logs"
    )
    ledger_result.notes.append(record_note)
    ledger_result.notes.append(
        f"scans: {driver.done['group']} groups planned, deadlines fired {fired}, "
        f"{driver.done['group cancellation']} cancelled late (charged)"
    )

    # The checker itself: tamper with the databases, and it must notice.
    [billable] = await rig.fetch(
        "billing",
        "DELETE FROM billables WHERE id = (SELECT id FROM billables b WHERE cancelled_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.billable_id = b.id) LIMIT 1) "
        "RETURNING id",
    )
    [validated] = await rig.fetch(
        "enrollment",
        "SELECT body FROM outbox WHERE name = 'enrollment.booking.validated.v1' LIMIT 1",
    )
    envelope = json.loads(validated["body"])
    envelope["event_id"] = str(uuid4())
    await rig.fetch(
        "enrollment",
        "INSERT INTO outbox (event_id, name, body, correlation_id, created_at, published_at) "
        "VALUES ($1, 'enrollment.booking.validated.v1', $2, 'tamper', now(), now())",
        envelope["event_id"],
        json.dumps(envelope),
    )
    # And an invoice the API answered 201 for that billing does not hold.
    rig.acknowledged.add("invoice", str(uuid4()))
    tampered = await rig.ledger()
    # The billable: lost once. The copy: a duplicated validation, never recorded by its
    # two consumers (billing, notifications), and no confirmation message for it. The
    # acknowledged invoice: lost once.
    assert tampered.lost == 1 + 2 + 1 + 1, tampered.details
    assert any("acknowledged 2xx, not in billing" in d for d in tampered.details)
    assert tampered.duplicated == 1, tampered.details
    assert billable is not None


async def test_broker_restarted_several_times_mid_stream(
    rig_factory, make_driver, record, long_run
):
    rig = await rig_factory()
    driver = make_driver(rig)
    restarts = 3 if long_run else 2
    marks = [driver.at((n + 1) / (restarts + 1)) for n in range(restarts)]
    recoveries = []

    async def faults() -> None:
        for mark in marks:
            await mark.wait()
            fault = await rig.restart_broker(down_seconds=3)
            recoveries.append(asyncio.create_task(rig.measure_recovery(fault)))

    await asyncio.gather(driver.run(), faults())
    await asyncio.gather(*recoveries)
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record(f"broker restarted x{restarts}", rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors
    assert ledger.clean, ledger.details[:20]
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults
