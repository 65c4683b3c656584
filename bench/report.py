"""The benchmark's table (printed), its page (docs/PERFORMANCE.md) and its plot (PNG)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
TARGETS = {
    "pipeline_ratio": 0.5,
    "pipeline_p99_ms": 250.0,
    "rest_ratio": 0.5,
    "deadlines_seconds": 30.0,
    "memory_mib": 150.0,
}


def _met(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "NOT met")


def _ms(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.0f}"


def rows(results: dict[str, Any]) -> list[list[str]]:
    """[measure, platform, baseline, ratio, target, verdict] per line of the table."""
    table: list[list[str]] = []
    pipeline = results.get("pipeline")
    if pipeline:
        platform, raw = pipeline["platform_rate"], pipeline["raw_rate"]
        ratio = platform / raw
        table.append(
            [
                "event pipeline: events/s (median of rounds)",
                f"{platform:,.0f}",
                f"{raw:,.0f} raw aio-pika",
                f"{ratio:.2f}x",
                ">= 0.5x",
                _met(ratio >= TARGETS["pipeline_ratio"]),
            ]
        )
        at80 = pipeline["platform_at_80"]
        raw80 = pipeline["raw_at_80"]
        table.append(
            [
                "event pipeline: p50 / p99 ms at 80 % of max",
                f"{_ms(at80['p50_ms'])} / {_ms(at80['p99_ms'])}",
                f"{_ms(raw80['p50_ms'])} / {_ms(raw80['p99_ms'])}",
                "",
                "p99 < 250 ms",
                _met(at80["p99_ms"] < TARGETS["pipeline_p99_ms"]),
            ]
        )
    rest = results.get("rest")
    if rest:
        ratio = rest["platform_rate"] / rest["bare_rate"]
        table.append(
            [
                f"REST booking requests/s ({rest['concurrency']} clients, via nginx)",
                f"{rest['platform_rate']:,.0f}",
                f"{rest['bare_rate']:,.0f} bare FastAPI",
                f"{ratio:.2f}x",
                ">= 0.5x",
                _met(ratio >= TARGETS["rest_ratio"]),
            ]
        )
        table.append(
            [
                "REST: p50 / p99 ms",
                f"{_ms(rest['platform']['p50_ms'])} / {_ms(rest['platform']['p99_ms'])}",
                f"{_ms(rest['bare']['p50_ms'])} / {_ms(rest['bare']['p99_ms'])}",
                "",
                "",
                "",
            ]
        )
    deadlines = results.get("deadlines")
    if deadlines:
        count = deadlines["count"]
        table.append(
            [
                f"deadlines: {count:,} due at once, 1 instance, fired and recorded (s)",
                f"{deadlines['settled_seconds']:.1f}",
                "",
                "",
                "<= 30 s" if count >= 100_000 else "",
                _met(deadlines["settled_seconds"] <= TARGETS["deadlines_seconds"])
                if count >= 100_000
                else "-",
            ]
        )
        table.append(
            [
                "deadlines: their events all published (s)",
                f"{deadlines['relayed_seconds']:.1f}",
                "",
                "",
                "",
                "",
            ]
        )
        if "settled_seconds_two" in deadlines:
            two = deadlines["settled_seconds_two"]
            table.append(
                [
                    "deadlines: the same with 2 instances, fired / published (s)",
                    f"{two:.1f} / {deadlines['relayed_seconds_two']:.1f}",
                    "",
                    "",
                    "<= 30 s" if count >= 100_000 else "",
                    _met(two <= TARGETS["deadlines_seconds"]) if count >= 100_000 else "-",
                ]
            )
    memory = results.get("memory")
    if memory:
        for service, figures in memory.items():
            peak = figures["peak"] / MIB
            table.append(
                [
                    f"memory: {service} resident MiB idle / peak under load",
                    f"{figures['idle'] / MIB:.0f} / {peak:.0f}",
                    "",
                    "",
                    "< 150 MiB",
                    _met(peak < TARGETS["memory_mib"]),
                ]
            )
    return table


HEADER = ["measure", "platform", "baseline (same run)", "ratio", "target", ""]


def text_table(results: dict[str, Any]) -> str:
    lines = [HEADER, *rows(results)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table(results: dict[str, Any]) -> str:
    lines = ["| " + " | ".join([*HEADER[:-1], "verdict"]) + " |"]
    lines.append("| --- | ---: | ---: | ---: | --- | --- |")
    for row in rows(results):
        lines.append("| " + " | ".join(cell or " " for cell in row) + " |")
    return "\n".join(lines)


def cpu_table(results: dict[str, Any]) -> str:
    """CPU per operation by process (median round), and the rate one core allows at that cost.

    The services (and the baselines' servers) share one core: when the sum of
    their CPU per operation is C ms, that core cannot go beyond 1000 / C
    operations per second, whatever the broker and the database could do.
    """
    lines = [
        "| run | CPU ms per operation, by process | sum | one core allows | measured |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    pipeline, rest = results.get("pipeline") or {}, results.get("rest") or {}
    deadlines = results.get("deadlines") or {}
    for label, cpu, measured in (
        ("event pipeline, platform", pipeline.get("platform_cpu"), pipeline.get("platform_rate")),
        ("event pipeline, raw", pipeline.get("raw_cpu"), pipeline.get("raw_rate")),
        ("REST, platform", rest.get("platform_cpu"), rest.get("platform_rate")),
        ("REST, bare", rest.get("bare_cpu"), rest.get("bare_rate")),
        ("deadlines, 1 instance", deadlines.get("cpu"), _per_second(deadlines)),
    ):
        if not cpu:
            continue
        total = sum(cpu.values())
        parts = ", ".join(f"{name} {ms:.2f}" for name, ms in cpu.items())
        # PostgreSQL is not on the services' core: only what runs there counts.
        on_core = sum(ms for name, ms in cpu.items() if name != "postgresql")
        allows = f"{1000 / on_core:,.0f}/s" if on_core else "-"
        lines.append(f"| {label} | {parts} | {total:.2f} | {allows} | {measured or 0:,.0f}/s |")
    return "\n".join(lines)


def _per_second(deadlines: dict[str, Any]) -> float | None:
    if not deadlines:
        return None
    return float(deadlines["count"]) / float(deadlines["settled_seconds"])


def plot(results: dict[str, Any], path: Path) -> None:
    """Latency (p50, p99) against offered load, both systems, log scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pipeline = results["pipeline"]
    figure, axis = plt.subplots(figsize=(8, 4.8), dpi=110)
    for system, key, colour in (
        ("platform", "platform_paced", "tab:blue"),
        ("raw aio-pika", "raw_paced", "tab:grey"),
    ):
        runs = sorted(pipeline[key], key=lambda r: r["offered"])
        offered = [r["offered"] for r in runs]
        axis.plot(offered, [r["p50_ms"] for r in runs], "o--", color=colour, label=f"{system} p50")
        axis.plot(offered, [r["p99_ms"] for r in runs], "s-", color=colour, label=f"{system} p99")
    axis.axhline(250, color="tab:red", linewidth=0.8, linestyle=":", label="p99 target 250 ms")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("offered load (events per second, paced)")
    axis.set_ylabel("cause commit -> effect commit (ms)")
    axis.set_title("Event pipeline latency against offered load")
    axis.grid(True, which="both", linewidth=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)


def page(results: dict[str, Any], plot_name: str, notes: str) -> str:
    machine = results["machine"]
    pipeline = results.get("pipeline") or {}
    paced = "\n".join(
        f"| {r['system']} | {r['offered']:,.0f} | {r['rate']:,.0f} | {_ms(r['p50_ms'])} "
        f"| {_ms(r['p99_ms'])} |"
        for key in ("platform_paced", "raw_paced")
        for r in sorted(pipeline.get(key, []), key=lambda r: r["offered"])
    )
    rounds = "\n".join(
        f"| {r['system']} | {r['count']:,} | {r['rate']:,.0f} | {_ms(r['p50_ms'])} "
        f"| {_ms(r['p99_ms'])} |"
        for key in ("platform_max", "raw_max")
        for r in pipeline.get(key, [])
    )
    rest = results.get("rest") or {}
    rest_rounds = "\n".join(
        f"| {r['system']} | {r['count']:,} | {r['rate']:,.0f} | {_ms(r['p50_ms'])} "
        f"| {_ms(r['p99_ms'])} | {r['errors']} |"
        for key in ("platform_rounds", "bare_rounds")
        for r in rest.get(key, [])
    )
    return f"""# Performance: what the benchmark measured

Written by `make bench` (`python -m bench`) from its own run; do not edit by hand, run it again.
Every figure is set beside a baseline measured in the same run, on the same machine, because
figures on a shared 2-core machine drift from run to run; rates are medians over
{results["rounds"]} rounds.

- Run: {results["started_at"]}, {results["seconds"] / 60:.1f} minutes in all.
- Command: `{results["command"]}`
- Machine: {machine["cpus"]} cores ({machine["cpu_model"]}), {machine["memory_gib"]:.0f} GiB RAM,
  Linux {machine["kernel"]}, Python {machine["python"]}, RabbitMQ {machine["rabbitmq"]},
  PostgreSQL {machine["postgresql"]}, nginx {machine["nginx"]}.
- Placement: the five services, the gateway and the baselines' server processes on core(s)
  {machine["system_cpus"]}; the load generator (this harness) on core(s) {machine["load_cpus"]};
  RabbitMQ and PostgreSQL are the machine's own services and use both cores.

## Table

{markdown_table(results)}

![Event pipeline latency against offered load]({plot_name})

## How each figure is made

1. **Event pipeline.** A cause is an `enrollment.booking.validated.v1` row committed into
   enrollment's outbox as its unit of work writes it (the harness writes it directly, so the
   REST layer, measured apart, is not in this figure). Enrollment's relay publishes it in
   batches with the confirms awaited together; billing (an open billable) and notifications
   (the confirmation message) each record it in their inbox and commit their effect. Latency runs
   from the cause's timestamp to the later of the two effects' `processed_at`; an event counts when
   both effects are committed. The harness announces its rows in the same transaction, as the
   unit of work does (`pg_notify`), so enrollment's relay wakes on their commit as on another
   replica's; its poll is the production default (5 s), a safety net.
   The **raw baseline** publishes persistent messages with publisher confirms (windows of 200
   awaited together) to a quorum queue, and one
   consumer process of plain aio-pika with the same prefetch inserts one row and acks. Both are
   first run flat out, then offered 20, 50 and 80 % of their own maximum at an even pace.
2. **REST.** A closed loop of {rest.get("concurrency", "-")} clients through the gateway (nginx
   with `deploy/nginx/gateway.conf`): `POST /enrollment/bookings` as a customer (token, seat
   count under lock, booking rows and the `booking.requested` event in one transaction), beside
   `POST /bare/bookings` (`bench/bare_app.py`: FastAPI, pydantic, one insert into the same
   PostgreSQL, the chassis' engine and pool). Only 201 answers count.
3. **Deadlines.** {(results.get("deadlines") or {}).get("description", "-")}
4. **Memory.** Resident memory (VmRSS) of each service once started and seeded, and its peak
   (VmHWM) at the end of the run, after every load above.

### Event pipeline, flat out (each round)

All the round's causes are written at once, so latency here is mostly the time an event waits
behind the others: it measures the rate, not the latency (see the paced runs for that).

| system | events | events/s | p50 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: |
{rounds}

### Event pipeline, paced

| system | offered /s | achieved /s | p50 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: |
{paced}

### REST (each round)

| system | requests | requests/s | p50 ms | p99 ms | not 201 |
| --- | ---: | ---: | ---: | ---: | ---: |
{rest_rounds}

### CPU per operation

{cpu_table(results)}

{notes}
"""
