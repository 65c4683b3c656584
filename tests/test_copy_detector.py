"""`make lint`'s copy detector (pylint duplicate-code, configured in pyproject.toml) reports
a planted copy and passes the production code as it is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BODY = '''
def {name}(rows):
    total = 0
    for row in rows:
        if row.cancelled:
            continue
        amount = row.quantity * row.unit_price
        total += amount - row.discount
    return round(total, 2)
'''


def _pylint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pylint", "--rcfile", str(ROOT / "pyproject.toml"), *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_copied_function_is_reported(tmp_path: Path) -> None:
    first, second = tmp_path / "invoices.py", tmp_path / "credit_notes.py"
    first.write_text(BODY.format(name="invoice_total"))
    second.write_text(BODY.format(name="credit_note_total"))

    result = _pylint(first, second)

    assert result.returncode != 0, result.stdout
    assert "R0801" in result.stdout
    assert "Similar lines in 2 files" in result.stdout


def test_different_code_passes(tmp_path: Path) -> None:
    first, second = tmp_path / "invoices.py", tmp_path / "credit_notes.py"
    first.write_text(BODY.format(name="invoice_total"))
    second.write_text("def credit_note_total(rows):\n    return sum(r.amount for r in rows)\n")

    result = _pylint(first, second)

    assert result.returncode == 0, result.stdout
