"""What a fault is, for the ledger: when it ended and how long its effects took to catch up.

The rig injects faults through the processes it started (signals), the TCP
proxy in front of a database (cut and restored) or the broker node; each is
recorded as a `Fault` the moment it is over, so that recovery is measured
from the end of the fault, not from its start.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from testkit import cluster


@dataclass
class Fault:
    what: str
    ended_at: float
    recovered_in: float | None = None
    backlog: int | None = None
    """Deliveries of causes committed before the fault's end still missing at its end."""


def restart_rabbitmq(down_seconds: float, nodes: Sequence[cluster.RabbitNode]) -> None:
    """Stop the RabbitMQ application on every node of the test cluster, wait, start them again.

    The cluster (`python -m testkit.cluster`) is the fault suite's own: the machine's
    default node, which other work uses, is never touched. The nodes are stopped one by
    one and started together, as a clustered node waits for its peers at boot.
    """
    for node in nodes:
        cluster.stop_app(node)
    time.sleep(down_seconds)
    with ThreadPoolExecutor(max_workers=len(nodes)) as pool:
        list(pool.map(cluster.start_app, nodes))


def kill_rabbitmq_vm(node: cluster.RabbitNode, down_seconds: float) -> None:
    """`kill -9` of one node's Erlang VM, then booted again after `down_seconds`: the queues
    it led elect new leaders on the two others, and it catches up from them once back."""
    cluster.kill_vm(node)
    time.sleep(down_seconds)
    cluster.start_vm(node)


def stop_rabbitmq_nodes(nodes: Sequence[cluster.RabbitNode], down_seconds: float) -> None:
    """Stop the application of `nodes` (a minority: one node; a majority: two), wait, start
    them together. With two of three gone the last node pauses itself (pause_minority):
    the whole cluster refuses clients until the majority is back."""
    for node in nodes:
        cluster.stop_app(node)
    time.sleep(down_seconds)
    with ThreadPoolExecutor(max_workers=len(nodes)) as pool:
        list(pool.map(cluster.start_app, nodes))


def rabbitmq_alarm(node: cluster.RabbitNode, kind: str, seconds: float) -> None:
    """A memory or disk alarm raised on `node` for `seconds`, then cleared: meanwhile every
    publishing connection of the cluster is blocked (flow control); consumers go on."""
    cluster.raise_alarm(node, kind)
    try:
        time.sleep(seconds)
    finally:
        cluster.clear_alarm(node, kind)
