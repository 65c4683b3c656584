"""Each service killed (SIGKILL) mid-stream and restarted; a consumer frozen (SIGSTOP)."""

from __future__ import annotations

import asyncio

import pytest

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
