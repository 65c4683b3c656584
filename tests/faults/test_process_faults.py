"""Each service killed (SIGKILL) mid-stream and restarted, alone or beside a second instance;
a consumer frozen (SIGSTOP), and one frozen past RabbitMQ's consumer timeout."""

from __future__ import annotations

import asyncio

import pytest

from testkit import cluster

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.faults,
    pytest.mark.timeout(900),
]

ORDER = ["enrollment", "billing", "notifications", "accounts", "incompany"]


async def test_each_service_killed_mid_stream_and_restarted(
    rig_factory, make_driver, record, long_run
):
    rig = await rig_factory()
    driver = make_driver(rig)
    marks = [driver.at((n + 1) / (len(ORDER) + 1)) for n in range(len(ORDER))]
    recoveries = []

    async def faults() -> None:
        for service, mark in zip(ORDER, marks, strict=True):
            await mark.wait()
            [process] = rig.processes[service]
            fault = await rig.kill_and_restart(process, down_seconds=2 if long_run else 1)
            recoveries.append(asyncio.create_task(rig.measure_recovery(fault)))

    await asyncio.gather(driver.run(), faults())
    await asyncio.gather(*recoveries)
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record("SIGKILL each service", rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert [p.starts for s in ORDER for p in rig.processes[s]] == [2] * len(ORDER)
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults


async def test_a_consumer_frozen_then_resumed(rig_factory, make_driver, record, long_run):
    rig = await rig_factory()
    driver = make_driver(rig)
    half = driver.at(0.3)
    [billing] = rig.processes["billing"]
    [notifications] = rig.processes["notifications"]
    seconds = 10 if long_run else 4

    async def faults() -> None:
        await half.wait()
        await asyncio.gather(rig.pause(notifications, seconds), rig.pause(billing, seconds / 2))
        await asyncio.gather(*(rig.measure_recovery(f) for f in rig.faults))

    await asyncio.gather(driver.run(), faults())
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record("SIGSTOP/SIGCONT consumers", rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert billing.running
    assert notifications.running


async def test_each_service_killed_while_its_second_instance_runs(
    rig_factory, make_driver, record, long_run
):
    """Two instances of everything; the first of each killed mid-stream and restarted: its
    unacknowledged deliveries go to the other, its HTTP share is refused for a moment."""
    rig = await rig_factory(replicas=2)
    driver = make_driver(rig)
    marks = [driver.at((n + 1) / (len(ORDER) + 1)) for n in range(len(ORDER))]
    recoveries = []

    async def faults() -> None:
        for service, mark in zip(ORDER, marks, strict=True):
            await mark.wait()
            first = rig.processes[service][0]
            fault = await rig.kill_and_restart(first, down_seconds=2 if long_run else 1)
            recoveries.append(asyncio.create_task(rig.measure_recovery(fault)))

    await asyncio.gather(driver.run(), faults())
    await asyncio.gather(*recoveries)
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record("SIGKILL with two of each", rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert [[p.starts for p in rig.processes[s]] for s in ORDER] == [[2, 1]] * len(ORDER)
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults


async def test_a_consumer_frozen_past_the_consumer_timeout_while_its_twin_consumes(
    rig_factory, make_driver, record, long_run
):
    """Billing's first instance frozen (SIGSTOP) longer than RabbitMQ's consumer timeout,
    shortened for the scenario, while the second consumes: the broker closes the frozen
    one's channel and gives its unacknowledged deliveries to the other. Woken, the zombie
    finds its channel gone, reconnects and consumes again; nothing is applied twice."""
    timeout_ms = 5_000
    await asyncio.to_thread(cluster.set_consumer_timeout, timeout_ms, 1_000)
    try:
        rig = await rig_factory(replicas=2)
        driver = make_driver(rig)
        half = driver.at(0.3)
        zombie, twin = rig.processes["billing"]
        frozen = (timeout_ms / 1000) * (4 if long_run else 3)
        before: list[float] = []

        async def faults() -> None:
            await half.wait()
            before.append(await zombie.metric(rig.http, "messages_consumed_total"))
            fault = await rig.pause(zombie, frozen)
            await rig.measure_recovery(fault)

        await asyncio.gather(driver.run(), faults())
        await rig.wait_quiet()
        # woken, it consumes again: more work after the fault, shared by both
        more = await driver_more(rig, make_driver)
        after = await zombie.metric(rig.http, "messages_consumed_total")
        ledger = await rig.ledger()
    finally:
        await asyncio.to_thread(cluster.set_consumer_timeout, cluster.CONSUMER_TIMEOUT_MS)
    record(
        "consumer timeout zombie",
        rig,
        driver,
        ledger,
        notes=[
            f"billing#1 frozen {frozen:.0f}s past a {timeout_ms / 1000:.0f}s consumer timeout; "
            f"it consumed {after - before[0]:.0f} messages after it woke ({more} operations)"
        ],
    )
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert zombie.running
    assert twin.running
    # the broker did time it out (it logs the channel it closed)
    assert "PRECONDITION_FAILED" in zombie.log.read_text(errors="replace") or any(
        "consumer ack timed out" in log.read_text(errors="replace") for log in cluster.node_logs()
    ), "RabbitMQ never timed the frozen consumer out"
    assert after > before[0], "the frozen instance never consumed again"


async def driver_more(rig, make_driver) -> int:
    """A second, short load once the fault is over; the operations it made."""
    again = make_driver(rig, target=60)
    await again.run()
    await rig.wait_quiet()
    return again.operations


async def test_the_smtp_server_refusing_for_a_while(rig_factory, make_driver, record, long_run):
    """The company's mail relay answers 421 to every email for a while: messages wait and
    are tried again, and once it accepts, each arrives exactly once (the ledger counts the
    emails the server received against notifications' messages)."""
    rig = await rig_factory()
    driver = make_driver(rig)
    mark = driver.at(0.3)
    seconds = 60 if long_run else 10

    async def faults() -> None:
        await mark.wait()
        fault = await rig.smtp_refusing(seconds)
        await rig.measure_mail_recovery(fault)

    await asyncio.gather(driver.run(), faults())
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record(
        "SMTP server refusing",
        rig,
        driver,
        ledger,
        notes=[f"{rig.mailbox.refused} emails refused with 421, then delivered once"],
    )
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert rig.mailbox.refused > 0, "no email met the refusal"
    assert ledger.emails_received > 0
    assert ledger.clean, ledger.details[:20]
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults


async def test_the_relay_killed_between_publishing_and_marking_sent(
    rig_factory, make_driver, record, long_run
):
    """Enrollment killed at the worst moment for an outbox: its relay has published a batch
    and not yet marked it sent. Restarted, it publishes the batch again; every consumer
    receives those events twice and applies them once (the copies are seen absorbed)."""
    rig = await rig_factory()
    driver = make_driver(rig)
    marks = [driver.at(0.3), driver.at(0.6)] if long_run else [driver.at(0.4)]
    recoveries = []

    async def faults() -> None:
        for mark in marks:
            await mark.wait()
            fault = await rig.relay_killed_before_marking("enrollment")
            recoveries.append(asyncio.create_task(rig.measure_recovery(fault)))

    await asyncio.gather(driver.run(), faults())
    await asyncio.gather(*recoveries)
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record("relay killed, unmarked", rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert ledger.duplicates_absorbed > 0, "no consumer saw the republished batch"
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults
