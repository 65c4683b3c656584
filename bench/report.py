"""The benchmark's table (printed), its page (docs/PERFORMANCE.md) and its plot (PNG)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
TARGETS = {
    "pipeline_ratio": 0.6,  # against raw aio-pika with the platform's fan-out (2 consumers)
    "pipeline_p99_ms": 250.0,
    "rest_ratio": 0.5,  # against the minimal correct booking (bench/minimal_app.py)
    # The load generator's busiest run, as a share of its core: under it, it is not the limit.
    "load_generator_core": 0.5,
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
        table += _pipeline_rows(pipeline)
    rest = results.get("rest")
    if rest:
        table += _rest_rows(rest)
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


def _pipeline_rows(pipeline: dict[str, Any]) -> list[list[str]]:
    platform, fan_out, raw = (
        pipeline["platform_rate"],
        pipeline["fan_out_rate"],
        pipeline["raw_rate"],
    )
    at80, fan80 = pipeline["platform_at_80"], pipeline["fan_out_at_80"]
    raw80 = pipeline["raw_at_80"]
    ratio = platform / fan_out
    return [
        [
            "event pipeline: events/s (median of rounds)",
            f"{platform:,.0f}",
            f"{fan_out:,.0f} raw aio-pika, 2 consumers",
            f"{ratio:.2f}x",
            f">= {TARGETS['pipeline_ratio']}x",
            _met(ratio >= TARGETS["pipeline_ratio"]),
        ],
        [
            "event pipeline: against raw aio-pika with 1 consumer",
            f"{platform:,.0f}",
            f"{raw:,.0f} raw aio-pika, 1 consumer",
            f"{platform / raw:.2f}x",
            "",
            "",
        ],
        [
            "event pipeline: p50 / p99 ms at 80 % of max",
            f"{_ms(at80['p50_ms'])} / {_ms(at80['p99_ms'])}",
            f"{_ms(fan80['p50_ms'])} / {_ms(fan80['p99_ms'])} (2 consumers), "
            f"{_ms(raw80['p50_ms'])} / {_ms(raw80['p99_ms'])} (1)",
            "",
            "p99 < 250 ms",
            _met(at80["p99_ms"] < TARGETS["pipeline_p99_ms"]),
        ],
    ]


def _rest_rows(rest: dict[str, Any]) -> list[list[str]]:
    platform, minimal, bare = rest["platform_rate"], rest["minimal_rate"], rest["bare_rate"]
    ratio = platform / minimal
    generator = rest["load_generator"]
    share = generator["core_share"]

    def p50_p99(system: str) -> str:
        return f"{_ms(rest[system]['p50_ms'])} / {_ms(rest[system]['p99_ms'])}"

    return [
        [
            f"REST booking requests/s ({rest['concurrency']} connections, via nginx)",
            f"{platform:,.0f}",
            f"{minimal:,.0f} minimal correct",
            f"{ratio:.2f}x",
            f">= {TARGETS['rest_ratio']}x",
            _met(ratio >= TARGETS["rest_ratio"]),
        ],
        [
            "REST booking requests/s against the bare insert",
            f"{platform:,.0f}",
            f"{bare:,.0f} bare FastAPI insert",
            f"{platform / bare:.2f}x",
            "reported",
            "",
        ],
        [
            "REST: p50 / p99 ms",
            p50_p99("platform"),
            f"{p50_p99('minimal')} (minimal), {p50_p99('bare')} (bare)",
            "",
            "",
            "",
        ],
        [
            f"REST load generator ({generator['program']}): CPU ms per request / share of "
            f"its core (busiest run: {generator.get('system', '-')})",
            f"{generator['cpu_ms_per_request']:.3f} / {share:.0%}",
            "",
            "",
            f"< {TARGETS['load_generator_core']:.0%} of its core",
            _met(share < TARGETS["load_generator_core"]),
        ],
    ]


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
    generator = rest.get("load_generator")
    for label, cpu, measured in (
        ("event pipeline, platform", pipeline.get("platform_cpu"), pipeline.get("platform_rate")),
        (
            "event pipeline, raw fan-out (2 consumers)",
            pipeline.get("fan_out_cpu"),
            pipeline.get("fan_out_rate"),
        ),
        ("event pipeline, raw (1 consumer)", pipeline.get("raw_cpu"), pipeline.get("raw_rate")),
        ("REST, platform", rest.get("platform_cpu"), rest.get("platform_rate")),
        ("REST, minimal correct", rest.get("minimal_cpu"), rest.get("minimal_rate")),
        ("REST, bare", rest.get("bare_cpu"), rest.get("bare_rate")),
        (
            f"REST, load generator on its own core (busiest run: {generator.get('system')})"
            if generator
            else "REST, load generator",
            {generator["program"]: generator["cpu_ms_per_request"]} if generator else None,
            None,
        ),
        ("deadlines, 1 instance", deadlines.get("cpu"), _per_second(deadlines)),
    ):
        if not cpu:
            continue
        total = sum(cpu.values())
        parts = ", ".join(f"{name} {_cpu_ms(ms)}" for name, ms in cpu.items())
        # PostgreSQL is not on the services' core: only what runs there counts.
        on_core = sum(ms for name, ms in cpu.items() if name != "postgresql")
        allows = f"{1000 / on_core:,.0f}/s" if on_core else "-"
        rate = f"{measured:,.0f}/s" if measured else "-"
        lines.append(f"| {label} | {parts} | {_cpu_ms(total)} | {allows} | {rate} |")
    return "\n".join(lines)


def _cpu_ms(ms: float) -> str:
    """Two decimals, or three significant digits below 0.1 ms (the load generator's)."""
    return f"{ms:.3g}" if ms < 0.1 else f"{ms:.2f}"


def _per_second(deadlines: dict[str, Any]) -> float | None:
    if not deadlines:
        return None
    return float(deadlines["count"]) / float(deadlines["settled_seconds"])


def plot(results: dict[str, Any], path: Path) -> None:
    """Latency (p50, p99) against offered load, both systems, log scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pipeline = results.get("pipeline")
    if not pipeline:
        return
    figure, axis = plt.subplots(figsize=(8, 4.8), dpi=110)
    for system, key, colour in (
        ("platform", "platform_paced", "tab:blue"),
        ("raw aio-pika, 2 consumers", "fan_out_paced", "tab:green"),
        ("raw aio-pika, 1 consumer", "raw_paced", "tab:grey"),
    ):
        runs = sorted(pipeline.get(key, []), key=lambda r: r["offered"])
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


def _generator(run: dict[str, Any]) -> str:
    """The load generator's CPU in a REST round: ms per request, share of its core."""
    generator = run.get("generator")
    if not generator:
        return "-"
    return f"{generator['cpu_ms_per_request']:.3f} ms, {generator['core_share']:.0%}"


def page(results: dict[str, Any], plot_name: str, notes: str) -> str:
    machine = results["machine"]
    pipeline = results.get("pipeline") or {}
    paced = "\n".join(
        f"| {r['system']} | {r['offered']:,.0f} | {r['rate']:,.0f} | {_ms(r['p50_ms'])} "
        f"| {_ms(r['p99_ms'])} |"
        for key in ("platform_paced", "fan_out_paced", "raw_paced")
        for r in sorted(pipeline.get(key, []), key=lambda r: r["offered"])
    )
    rounds = "\n".join(
        f"| {r['system']} | {r['count']:,} | {r['rate']:,.0f} | {_ms(r['p50_ms'])} "
        f"| {_ms(r['p99_ms'])} |"
        for key in ("platform_max", "fan_out_max", "raw_max")
        for r in pipeline.get(key, [])
    )
    rest = results.get("rest") or {}
    rest_rounds = "\n".join(
        f"| {r['system']} | {r['count']:,} | {r['rate']:,.0f} | {_ms(r['p50_ms'])} "
        f"| {_ms(r['p99_ms'])} | {r['errors']} | {_generator(r)} |"
        for key in ("platform_rounds", "minimal_rounds", "bare_rounds")
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
  PostgreSQL {machine["postgresql"]}, nginx {machine["nginx"]}, wrk {machine.get("wrk", "-")}.
- Placement: the five services, the gateway and the baselines' server processes on core(s)
  {machine["system_cpus"]}; the load generators (this harness, which publishes and writes the
  pipeline's causes, and wrk for REST) on core(s) {machine["load_cpus"]};
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
   The **raw baselines** publish persistent messages with publisher confirms (windows of 200
   awaited together) and consumer processes of plain aio-pika with the same prefetch insert one
   row each and ack (`bench/raw_consumer.py`). **With the platform's fan-out** (the target's
   baseline) the messages go to a topic exchange with two quorum queues bound to the event,
   each read by its own consumer process writing into its own database, as billing and
   notifications do; a message counts when both rows are committed. **With one consumer** (the
   figure of the first runs, kept) they go to one quorum queue. Each system is first run flat
   out, then offered 20, 50 and 80 % of its own maximum at an even pace.
2. **REST.** A closed loop of {rest.get("concurrency", "-")} connections through the gateway
   (nginx with `deploy/nginx/gateway.conf`), made by wrk (`bench/load_generator.py`,
   `bench/bookings.lua`: each request its own body and customer's token) on the load core, its
   CPU read by `wait4` and reported per request and as a share of its core:
   `POST /enrollment/bookings` as a customer (token, seat count under lock, booking rows and
   the `booking.requested` event in one transaction), beside the **minimal correct** booking,
   `POST /minimal/bookings` (`bench/minimal_app.py`: FastAPI, pydantic, the token verified
   (EdDSA), one hand-written asyncpg transaction taking the seat with a conditional
   `UPDATE ... RETURNING`, inserting the booking and its outbox row; the target's baseline),
   and the **bare insert**, `POST /bare/bookings` (`bench/bare_app.py`: FastAPI, pydantic, one
   insert into the same PostgreSQL through the chassis' engine and pool, no token; the floor).
   Only 201 answers count.
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

| system | requests | requests/s | p50 ms | p99 ms | not 201 | load generator CPU |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
{rest_rounds}

### CPU per operation

{cpu_table(results)}

{notes}
"""
