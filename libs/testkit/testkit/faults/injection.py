"""What a fault is, for the ledger: when it ended and how long its effects took to catch up.

The rig injects faults through the processes it started (signals), the TCP
proxy in front of a database (cut and restored) or the broker node; each is
recorded as a `Fault` the moment it is over, so that recovery is measured
from the end of the fault, not from its start.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Fault:
    what: str
    ended_at: float
    recovered_in: float | None = None
    backlog: int | None = None
    """Deliveries of causes committed before the fault's end still missing at its end."""


def restart_rabbitmq(down_seconds: float) -> None:
    """Stop the RabbitMQ application on the local node, wait, start it again.

    The node is shared by everything on the machine: only the broker-restart
    scenario calls this, never a quick test.
    """
    _rabbitmqctl("stop_app", timeout=120)
    time.sleep(down_seconds)
    _rabbitmqctl("start_app", timeout=120)
    _rabbitmqctl("await_startup", "--timeout", "60", timeout=90)


def _rabbitmqctl(*arguments: str, timeout: float) -> None:
    ctl = shutil.which("rabbitmqctl")
    assert ctl, "rabbitmqctl is needed to restart the broker"
    subprocess.run(  # noqa: S603 (rabbitmqctl, with our own arguments)
        [ctl, "-q", *arguments], check=True, capture_output=True, timeout=timeout
    )
