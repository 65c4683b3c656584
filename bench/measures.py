"""What one measurement gives: a rate, latencies, and the CPU it cost each process."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Run:
    """One run of one system: `count` operations, offered at `offered` per second (None:
    as fast as it goes), completed at `rate` per second."""

    system: str
    count: int
    rate: float
    latencies_ms: list[float] = field(repr=False)
    offered: float | None = None
    cpu_ms_per_op: dict[str, float] = field(default_factory=dict)
    answers: dict[int, int] = field(default_factory=dict)
    """HTTP status -> how many (REST runs)."""
    socket_errors: int = 0
    """Requests that got no answer at all (REST runs: connect, read, write, timeout)."""
    percentiles_ms: tuple[float, float] | None = None
    """(p50, p99) when the load generator measured them itself (wrk), not `latencies_ms`."""
    generator: dict[str, float] = field(default_factory=dict)
    """The load generator's own CPU: ms per request and share of its core (REST runs)."""

    @property
    def errors(self) -> int:
        refused = sum(n for status, n in self.answers.items() if status >= 300)
        return refused + self.socket_errors

    @property
    def p50(self) -> float:
        if self.percentiles_ms is not None:
            return self.percentiles_ms[0]
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        if self.percentiles_ms is not None:
            return self.percentiles_ms[1]
        return percentile(self.latencies_ms, 99)

    def summary(self) -> dict[str, object]:
        return {
            "system": self.system,
            "count": self.count,
            "offered": self.offered,
            "rate": round(self.rate, 1),
            "p50_ms": round(self.p50, 1),
            "p99_ms": round(self.p99, 1),
            "cpu_ms_per_op": {k: round(v, 3) for k, v in self.cpu_ms_per_op.items()},
            "errors": self.errors,
            "answers": self.answers,
            **(
                {"generator": {k: round(v, 4) for k, v in self.generator.items()}}
                if self.generator
                else {}
            ),
        }


def median_run(runs: Sequence[Run]) -> Run:
    """The run whose rate is the median of the rounds (the middle one for odd counts)."""
    ordered = sorted(runs, key=lambda r: r.rate)
    return ordered[(len(ordered) - 1) // 2]


def median_rate(runs: Sequence[Run]) -> float:
    return statistics.median(r.rate for r in runs)


def cpu_per_op(before: dict[str, float], after: dict[str, float], count: int) -> dict[str, float]:
    """Milliseconds of CPU each process spent per operation between two readings."""
    return {name: (after[name] - before[name]) * 1000 / max(count, 1) for name in before}
