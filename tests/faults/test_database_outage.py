"""A service's database unreachable for a while: 503 with a clear body, nothing half-written.

Enrollment reaches its PostgreSQL through a TCP proxy of ours, which the test
cuts (open connections reset, new ones refused) and later restores, as a
failed-over or rebooting database server would look to the service.
"""

from __future__ import annotations

import asyncio
import json

import pytest

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.faults,
    pytest.mark.timeout(900),
]


async def test_enrollment_database_unreachable_mid_stream(
    rig_factory, make_driver, record, long_run
):
    rig = await rig_factory(proxied={"enrollment"})
    driver = make_driver(rig)
    mark = driver.at(0.3)
    [enrollment] = rig.processes["enrollment"]
    seconds = 10 if long_run else 5
    readiness: list[int] = []

    async def watch_readiness() -> None:
        await asyncio.sleep(seconds / 2)
        answer = await rig.http.get(f"{enrollment.url}/health/ready")
        readiness.append(answer.status_code)

    async def faults() -> None:
        await mark.wait()
        fault, _ = await asyncio.gather(rig.database_away("enrollment", seconds), watch_readiness())
        await rig.measure_recovery(fault)

    await asyncio.gather(driver.run(), faults())
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record(
        "enrollment database away",
        rig,
        driver,
        ledger,
        notes=[
            f"503 answers during the outage: {len(driver.bodies_503)}",
        ],
    )
    assert driver.operations >= driver.target
    # Requests that needed the database were refused with 503 and a body that says why
    # and when to retry; none failed with another 5xx.
    assert not driver.server_errors, driver.server_errors[:5]
    assert driver.bodies_503, "no request met the outage"
    detail = json.loads(driver.bodies_503[0])["detail"]
    assert "enrollment cannot reach its database" in detail, detail
    assert "retry in 5 seconds" in detail, detail
    assert readiness == [503]
    assert enrollment.running
    assert ledger.clean, ledger.details[:20]


async def test_enrollment_database_blackholed_mid_stream(
    rig_factory, make_driver, record, long_run
):
    """Packets to the database dropped, no connection closed: the service hears nothing at
    all, so only its own limits (asyncpg's command timeout, the server's statement timeout
    and TCP keepalives) end the wait; then it answers 503 and starts afresh."""
    rig = await rig_factory(proxied={"enrollment"})
    driver = make_driver(rig)
    mark = driver.at(0.3)
    [enrollment] = rig.processes["enrollment"]
    seconds = 10 if long_run else 5

    async def faults() -> None:
        await mark.wait()
        fault = await rig.database_blackholed("enrollment", seconds)
        await rig.measure_recovery(fault)

    await asyncio.gather(driver.run(), faults())
    await rig.wait_quiet()
    ledger = await rig.ledger()
    refused = sum(driver.refused.values())
    record(
        "enrollment DB blackholed",
        rig,
        driver,
        ledger,
        notes=[f"requests refused or timed out meanwhile: {refused}"],
    )
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert enrollment.running
    assert ledger.clean, ledger.details[:20]
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults


async def test_postgresql_primary_lost_and_its_standby_promoted(
    rig_factory, make_driver, record, long_run
):
    """Every service on the primary with its synchronous standby, by the multi-host URL:
    the primary stopped mid-stream and the standby promoted. What was answered before is
    on the standby (synchronous commit), the services find the new primary by themselves,
    and nothing is lost."""
    rig = await rig_factory(standby=True)
    driver = make_driver(rig)
    mark = driver.at(0.4)

    async def faults() -> None:
        await mark.wait()
        fault = await rig.promote_standby()
        await rig.measure_recovery(fault)

    await asyncio.gather(driver.run(), faults())
    await rig.wait_quiet()
    ledger = await rig.ledger()
    refused = sum(driver.refused.values())
    record(
        "PostgreSQL failover",
        rig,
        driver,
        ledger,
        notes=[f"requests refused meanwhile (503 or cut): {refused}"],
    )
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults
