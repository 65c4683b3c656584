"""The benchmark harness, run small (`python -m bench --smoke`), so that it never rots.

Every section runs for real (the five services as processes behind nginx, the
raw aio-pika baselines with one consumer and with the platform's fan-out, the
minimal correct and bare FastAPI baselines under wrk, deadlines fired by
incompany) with small counts; no target is checked here, only that each
section measured something, lost nothing and wrote its table, page and plot.
The figures themselves come from `make bench` (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_every_section_small(
    rabbitmq_url: str, postgres_url: str, tmp_path: Path
) -> None:
    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--results", str(results)],
        cwd=ROOT,
        env={**os.environ, "RABBITMQ_URL": rabbitmq_url, "DATABASE_URL": postgres_url},
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    measured = json.loads(results.read_text())

    pipeline = measured["pipeline"]
    assert pipeline["platform_rate"] > 0
    assert pipeline["raw_rate"] > 0
    assert pipeline["fan_out_rate"] > 0
    assert set(pipeline["fan_out_cpu"]) == {"raw-billing", "raw-notifications"}
    for system in ("platform", "fan_out", "raw"):
        assert [r["offered"] > 0 for r in pipeline[f"{system}_paced"]] == [True, True, True]
    rest = measured["rest"]
    assert rest["platform_rate"] > 0
    assert rest["minimal_rate"] > 0
    assert rest["bare_rate"] > 0
    assert rest["errors"] == 0
    assert set(rest["minimal_cpu"]) == {"minimal"}
    generator = rest["load_generator"]
    assert generator["program"] == "wrk"
    assert 0 < generator["core_share"] < 1
    assert generator["cpu_ms_per_request"] > 0
    assert all(r["generator"]["core_share"] > 0 for r in rest["platform_rounds"])
    deadlines = measured["deadlines"]
    assert deadlines["count"] == 300
    assert deadlines["settled_seconds"] <= deadlines["relayed_seconds"]
    assert set(measured["memory"]) == {
        "accounts",
        "enrollment",
        "incompany",
        "billing",
        "notifications",
    }
    assert measured["dead_lettered"] == {}

    assert "event pipeline: events/s" in done.stdout  # the table is printed
    assert "raw aio-pika, 2 consumers" in done.stdout
    assert "minimal correct" in done.stdout
    assert "REST load generator (wrk)" in done.stdout
    page = (tmp_path / "PERFORMANCE.md").read_text()
    assert "| event pipeline: events/s" in page
    assert "| REST, minimal correct | minimal " in page
    assert "| REST, load generator on its own core" in page
    assert (tmp_path / "performance-latency.png").read_bytes().startswith(b"\x89PNG")
