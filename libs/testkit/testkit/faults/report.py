"""The fault suite's figures: one `ScenarioResult` per scenario, printed and written as JSON.

The JSON (`RELIABILITY_REPORT=<file>`, written by `make reliability`) is the
input of `tests/faults/render_reliability.py`, which writes docs/RELIABILITY.md:
its shape is `asdict(ScenarioResult)` plus `time_to_recover` and
`operations_target`, and renaming a field here changes that page.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from testkit.faults.injection import Fault
from testkit.faults.ledger import Ledger

if TYPE_CHECKING:
    from testkit.faults.load import Driver
    from testkit.faults.rig import Rig


@dataclass
class ScenarioResult:
    scenario: str
    replicas: int
    operations: int
    operations_by_kind: dict[str, int]
    refused: dict[str, int]
    seconds: float
    ledger: Ledger
    faults: list[Fault]
    notes: list[str] = field(default_factory=list)

    @property
    def time_to_recover(self) -> float | None:
        times = [f.recovered_in for f in self.faults if f.recovered_in is not None]
        return max(times) if times else None


def scenario_result(
    scenario: str, rig: Rig, driver: Driver, ledger: Ledger, notes: list[str] | None = None
) -> ScenarioResult:
    """What a scenario leaves for the report, read from its rig, its load and its ledger."""
    return ScenarioResult(
        scenario=scenario,
        replicas=rig.replicas,
        operations=driver.operations,
        operations_by_kind=dict(driver.done),
        refused=dict(driver.refused),
        seconds=round(time.monotonic() - driver.started, 1),
        ledger=ledger,
        faults=list(rig.faults),
        notes=list(notes or []),
    )


def summary_lines(results: list[ScenarioResult]) -> list[str]:
    """The table printed at the end of the run, a scenario a row, its faults and details below."""
    lines = [
        f"{'scenario':<26}{'ops':>6}{'events':>8}{'deliv.':>8}{'lost':>6}{'dup.':>6}"
        f"{'stuck':>6}{'unexp.':>7}{'half':>6}{'recover s':>11}{'refused':>9}{'acked':>7}"
        f"{'emails':>8}{'absorbed':>9}"
    ]
    for r in results:
        recover = f"{r.time_to_recover:.1f}" if r.time_to_recover is not None else "-"
        lines.append(
            f"{r.scenario:<26}{r.operations:>6}{r.ledger.events:>8}"
            f"{r.ledger.deliveries_expected:>8}{r.ledger.lost:>6}{r.ledger.duplicated:>6}"
            f"{r.ledger.stuck:>6}{r.ledger.unexpected:>7}{r.ledger.half_written:>6}"
            f"{recover:>11}{sum(r.refused.values()):>9}{r.ledger.acknowledged_checked:>7}"
            f"{r.ledger.emails_received:>8}{r.ledger.duplicates_absorbed:>9}"
        )
        for fault in r.faults:
            took = (
                f"{fault.recovered_in:.2f}s" if fault.recovered_in is not None else "not measured"
            )
            lines.append(
                f"    {fault.what}: {fault.backlog} deliveries behind, caught up in {took}"
            )
        lines.extend(f"    {line}" for line in r.ledger.details[:10] + r.notes)
    return lines


def write_report(path: Path, results: list[ScenarioResult], operations_target: int) -> None:
    """The JSON document render_reliability.py reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document: list[dict[str, Any]] = [
        {**asdict(r), "time_to_recover": r.time_to_recover, "operations_target": operations_target}
        for r in results
    ]
    path.write_text(json.dumps(document, indent=2))
