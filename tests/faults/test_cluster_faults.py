"""Faults of the RabbitMQ cluster itself, mid-stream, each with the ledger.

- kill -9 of the Erlang VM of the node leading the most quorum queues: its queues
  elect leaders on the two others, clients connected to it reconnect elsewhere;
- a minority stopped (one node of three): the two others keep the quorum, nothing
  should even slow down for long;
- a majority stopped (two nodes): the third pauses itself (pause_minority), every
  publish and delivery is refused until they are back, and then nothing is lost;
- a memory alarm and a disk alarm raised on one node then cleared: RabbitMQ blocks
  every publishing connection of the cluster meanwhile (flow control), consumers
  go on: the relays wait on their own connection, the consumers' acks are not
  stuck behind them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from testkit.faults.injection import Fault
from testkit.faults.rig import Rig

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.faults,
    pytest.mark.timeout(900),
]

Inject = Callable[[Rig, bool], Awaitable[Fault]]

SCENARIOS: dict[str, Inject] = {
    "kill -9 busiest node": lambda rig, long: rig.kill_broker_node(down_seconds=10 if long else 3),
    "RabbitMQ minority down": lambda rig, long: rig.stop_broker_nodes(
        1, down_seconds=20 if long else 5
    ),
    "RabbitMQ majority down": lambda rig, long: rig.stop_broker_nodes(
        2, down_seconds=10 if long else 4
    ),
    "RabbitMQ memory alarm": lambda rig, long: rig.broker_alarm(
        "memory", seconds=20 if long else 5
    ),
    "RabbitMQ disk alarm": lambda rig, long: rig.broker_alarm("disk", seconds=20 if long else 5),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_a_cluster_fault_mid_stream_loses_nothing(
    scenario, rig_factory, make_driver, record, long_run
):
    rig = await rig_factory()
    driver = make_driver(rig)
    mark = driver.at(0.4)

    async def fault() -> None:
        await mark.wait()
        done = await SCENARIOS[scenario](rig, long_run)
        await rig.measure_recovery(done)

    await asyncio.gather(driver.run(), fault())
    await rig.wait_quiet()
    ledger = await rig.ledger()
    record(scenario, rig, driver, ledger)
    assert driver.operations >= driver.target
    assert not driver.server_errors, driver.server_errors[:5]
    assert ledger.clean, ledger.details[:20]
    assert all(f.recovered_in is not None for f in rig.faults), rig.faults
