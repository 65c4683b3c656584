"""The security suite's ledger: one line per check of what was tried and what was found.

Printed at the end of the run and, with `SECURITY_REPORT=<file>` (`make
reliability`), written as JSON (`lines`, `failed`) for
tests/faults/render_reliability.py, which puts the lines in docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Ledger:
    """Figures the suite prints at the end: what was tried and what was found."""

    lines: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.lines.append(line)


def write_report(path: Path, ledger: Ledger, failed: int) -> None:
    """The JSON document render_reliability.py reads: the lines and the failed tests."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"lines": ledger.lines, "failed": failed}, indent=2))
