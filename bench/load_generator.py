"""The REST section's load generator: `wrk`, compiled, on the load core, its CPU measured.

The harness's own Python client (httpx) spent about 3 ms of CPU per request and was
the limit of the bare baseline. wrk (C, with a LuaJIT script, `bench/bookings.lua`)
keeps a closed loop of connections, each sending its next request on an answer,
every request with its own body and bearer token. Its CPU (user + system, from
`wait4`) is reported per request and as a share of its core: a load generator
that uses half of its core or more may be what limits the figure.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.stack import LOAD_CPUS

SCRIPT = Path(__file__).with_name("bookings.lua")
MARK = "BENCH-JSON "


@dataclass(frozen=True)
class Customer:
    token: str
    trainee_json: str
    """`{"full_name": ..., "email": ...}`, one trainee of the request body."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    answers: dict[int, int]
    p50_ms: float
    p99_ms: float
    socket_errors: int
    sent_most: int
    """The most requests one wrk thread sent: the next run starts past them."""
    threads: int
    cpu_seconds: float

    @property
    def created(self) -> int:
        return self.answers.get(201, 0)

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_seconds * 1000 / max(self.requests, 1)

    @property
    def core_share(self) -> float:
        """The part of one core wrk kept busy (0.5: half of it)."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(
            "wrk is not installed: the benchmark's REST section uses it as load generator "
            "(Debian: apt-get install wrk; .ci/run installs it)"
        )
    return found


def wrk_version() -> str:
    done = subprocess.run(  # noqa: S603 (the machine's wrk)
        [wrk_path(), "--version"], capture_output=True, text=True, timeout=10, check=False
    )
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" [")[0].replace("wrk ", "") if first else "?"


def write_data(path: Path, customers: list[Customer], sessions: list[str]) -> Path:
    lines = [f"c\t{c.token}\t{c.trainee_json}" for c in customers]
    lines += [f"s\t{session}" for session in sessions]
    path.write_text("\n".join(lines) + "\n")
    return path


async def run_wrk(
    url: str,
    data: Path,
    *,
    offset: int,
    per_session: int,
    connections: int,
    seconds: float,
    log: Path,
) -> WrkResult:
    """wrk against `url` for `seconds` (whole seconds, at least 1), on the load cores."""
    threads = max(1, min(len(LOAD_CPUS), connections))
    argv = [
        wrk_path(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={SCRIPT}",
        url,
        "--",
        str(data),
        str(offset),
        str(per_session),
        str(threads),
    ]
    return await asyncio.to_thread(_run, argv, log)


def _run(argv: list[str], log: Path) -> WrkResult:
    with log.open("ab") as errors:
        process = subprocess.Popen(  # noqa: S603 (the machine's wrk, our script)
            argv,
            stdout=subprocess.PIPE,
            stderr=errors,
            preexec_fn=lambda: os.sched_setaffinity(0, LOAD_CPUS),
        )
        output = process.stdout.read().decode(errors="replace") if process.stdout else ""
        # wait4 rather than wait: the child's own CPU time, whatever else this process runs.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.write(output.encode())
    if process.returncode != 0:
        raise RuntimeError(f"wrk exited with {process.returncode}: {output[-2000:]}")
    line = next((line for line in output.splitlines() if line.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk wrote no result line: {output[-2000:]}")
    found = json.loads(line[len(MARK) :])
    return WrkResult(
        requests=found["requests"],
        seconds=found["duration_us"] / 1e6,
        answers={int(status): count for status, count in found["answers"].items()},
        p50_ms=found["p50_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
        socket_errors=found["socket_errors"],
        sent_most=found["sent_most"],
        threads=found["threads"],
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )
