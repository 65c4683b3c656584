"""Services as operating-system processes, for tests that kill, pause and restart them.

`python -m <service> serve` is what a container runs; the fault suite and the
scaling test start exactly that, one process per replica, each with its own
HTTP port and log file, and act on it with signals: SIGKILL (a crash),
SIGSTOP/SIGCONT (a frozen process: a long GC pause, a throttled container),
SIGTERM (a rolling update).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

LISTEN_PORTS = range(20000, 32768)
"""Below Linux's ephemeral range (32768-60999 by default): a port the kernel picked for an
outgoing connection (to PostgreSQL, to the broker) can never be one of ours."""


def free_port() -> int:
    """A port nothing listens on now, outside the kernel's ephemeral range."""
    for port in random.sample(LISTEN_PORTS, 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {LISTEN_PORTS}")


class ServiceProcess:
    """One replica of one service: `python -m <service> serve` on its own port.

    The port is chosen once, so a replica restarted after a kill answers at the
    same address, as a pod behind its Service would.
    """

    def __init__(
        self,
        service: str,
        index: int,
        env: dict[str, str],
        logs: Path,
        *,
        argv: list[str] | None = None,
        cpus: set[int] | None = None,
    ) -> None:
        """`argv` replaces `python -m <service> serve` (a baseline program, say); `cpus`
        pins the process to those cores (a benchmark keeps its load generator apart)."""
        self.service, self.index = service, index
        self.env = env
        self.argv = argv or [sys.executable, "-m", service, "serve"]
        self.cpus = cpus
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logs / f"{service}-{index}.log"
        self.starts = 0
        self.ever_ready = False
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        if self.running:
            raise RuntimeError(f"{self} is running")
        self.starts += 1
        with self.log.open("ab") as log:
            log.write(f"--- start {self.starts} ---\n".encode())
            self.process = subprocess.Popen(  # noqa: S603 (our interpreter, our module)
                self.argv,
                env={**self.env, "HTTP_PORT": str(self.port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=self._pin if self.cpus else None,
            )

    def _pin(self) -> None:
        """In the child, before exec: every thread the program starts inherits the cores."""
        os.sched_setaffinity(0, self.cpus or set())

    @property
    def pid(self) -> int:
        return self._started().pid

    def _started(self) -> subprocess.Popen[bytes]:
        if self.process is None:
            raise RuntimeError(f"{self} was never started")
        return self.process

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def ready(self, client: httpx.AsyncClient) -> bool:
        """Ready to serve (`/health/ready`); fails loudly if the process has died.

        A first start that lost its port to another program between `free_port` and
        the bind is started again on another port: nobody has its address yet."""
        if not self.running:
            if self.starts == 1 and not self.ever_ready and "address already in use" in self.tail():
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
                self.start()
                return False
            raise RuntimeError(f"{self} exited:\n{self.tail()}")
        try:
            answer = await client.get(f"{self.url}/health/ready", timeout=2)
        except httpx.TransportError:
            return False
        self.ever_ready = self.ever_ready or answer.status_code == 200
        return answer.status_code == 200

    async def metric(self, client: httpx.AsyncClient, name: str, **labels: str) -> float:
        """The sum of a Prometheus sample over the series matching `labels`."""
        answer = await client.get(f"{self.url}/metrics", timeout=5)
        total = 0.0
        for family in text_string_to_metric_families(answer.text):
            for sample in family.samples:
                if sample.name == name and labels.items() <= sample.labels.items():
                    total += sample.value
        return total

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, unacked deliveries go back to their queues."""
        if self.running:
            self.signal(signal.SIGCONT)  # a stopped process must not stay stopped forever
            self.signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait()

    def pause(self) -> None:
        self.signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.signal(signal.SIGCONT)

    def signal(self, number: int) -> None:
        os.kill(self.pid, number)

    def terminate(self) -> None:
        if self.running:
            self.signal(signal.SIGCONT)
            self.signal(signal.SIGTERM)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, wait for the graceful shutdown, SIGKILL if it takes too long."""
        self.terminate()
        process = self._started()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def resident_bytes(self) -> int:
        """VmRSS of the process, from /proc."""
        return _status_bytes(self.pid, "VmRSS:")

    def peak_resident_bytes(self) -> int:
        """VmHWM: the most resident memory the process has held since it started."""
        return _status_bytes(self.pid, "VmHWM:")

    def cpu_seconds(self) -> float:
        """User plus system CPU time of all the process's threads so far."""
        return cpu_seconds_of(self.pid)

    def tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:]

    def __str__(self) -> str:
        return f"{self.service}#{self.index}"


def cpu_seconds_of(pid: int) -> float:
    """User plus system CPU time of a process (all its threads) so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_bytes(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    return 0


async def wait_ready(
    processes: list[ServiceProcess], client: httpx.AsyncClient, timeout: float = 180
) -> float:
    """Wait until every process answers ready; the seconds it took."""
    started = time.monotonic()
    pending = list(processes)
    while pending:
        pending = [p for p in pending if not await p.ready(client)]
        if not pending:
            break
        if time.monotonic() - started > timeout:
            names = ", ".join(str(p) for p in pending)
            raise TimeoutError(f"not ready after {timeout}s: {names}\n{pending[0].tail()}")
        await asyncio.sleep(0.1)
    return time.monotonic() - started
