"""`python -m bench` (`make bench`): measure the platform beside raw baselines, in one run.

Prints the table, writes the results as JSON, and (unless `--smoke` or
`--sections` leaves one out) rewrites docs/PERFORMANCE.md and its plot.
`--smoke` runs every section with small counts and no targets:
`tests/test_bench_smoke.py` runs it in `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg

from bench import report
from bench.load_generator import wrk_path, wrk_version
from bench.measures import Run, median_rate, median_run
from bench.pipeline import PlatformPipeline, RawBaseline
from bench.rest import BookingLoad, seed
from bench.stack import LOAD_CPUS, ROOT, SYSTEM_CPUS, Stack, pin_load_generator
from contracts import QUEUES

FRACTIONS = (0.2, 0.5, 0.8)
PLATFORM_MOST_PER_SECOND = 1500
"""Enrollment's sessions are seeded for this many booking requests a second at most."""
SECTIONS = ("pipeline", "rest", "deadlines")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="small counts, no page written")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per flat-out figure")
    parser.add_argument("--events", type=int, default=2000, help="platform events per round")
    parser.add_argument("--raw-events", type=int, default=6000, help="raw messages per round")
    parser.add_argument("--paced-seconds", type=float, default=15.0, help="per offered load")
    parser.add_argument("--rest-seconds", type=float, default=10.0, help="per REST round")
    parser.add_argument(
        "--concurrency", type=int, default=16, help="REST clients (wrk's connections)"
    )
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"which sections to run, comma-separated (default: all of {', '.join(SECTIONS)})",
    )
    parser.add_argument(
        "--deadline-groups", type=int, default=100_000, help="0 skips the deadline section"
    )
    parser.add_argument("--results", type=Path, default=ROOT / "build/bench/results.json")
    parser.add_argument("--page", type=Path, default=ROOT / "docs/PERFORMANCE.md")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs/performance-latency.png")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS",
        help="measure nothing: rewrite the page and plot from a results file of an earlier run",
    )
    args = parser.parse_args(argv)
    args.sections = [name.strip() for name in args.sections.split(",") if name.strip()]
    if unknown := set(args.sections) - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if "deadlines" not in args.sections:
        args.deadline_groups = 0
    if args.smoke:
        args.rounds, args.events, args.raw_events = 1, 60, 200
        args.paced_seconds, args.rest_seconds = 1.0, 1.0
        args.deadline_groups = min(args.deadline_groups, 300)
    return args


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def _proc(name: str, key: str) -> str:
    for line in Path(f"/proc/{name}").read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return "?"


async def machine(stack: Stack) -> dict[str, Any]:
    def first(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
        except OSError:
            return "?"
        return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"

    model = _proc("cpuinfo", "model name")
    memory_kib = int(_proc("meminfo", "MemTotal:").split()[0])
    connection = await aio_pika.connect(stack.rabbitmq_url)
    async with connection:
        properties = connection.transport.connection.server_properties  # type: ignore[union-attr]
        rabbitmq = properties.get("version", "?")
    database = await asyncpg.connect(stack.postgres_url)
    try:
        postgresql = await database.fetchval("SHOW server_version")
    finally:
        await database.close()
    nginx = first(["nginx", "-v"]).replace("nginx version: ", "")
    if nginx == "?":
        nginx = first(["/usr/sbin/nginx", "-v"]).replace("nginx version: ", "")
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": memory_kib / 1024 / 1024,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "rabbitmq": rabbitmq.decode() if isinstance(rabbitmq, bytes) else str(rabbitmq),
        "postgresql": postgresql,
        "nginx": nginx,
        "wrk": wrk_version(),
        "system_cpus": ",".join(map(str, sorted(SYSTEM_CPUS))),
        "load_cpus": ",".join(map(str, sorted(LOAD_CPUS))),
    }


async def wait_quiet(stack: Stack, timeout: float = 300) -> None:
    """Until no outbox holds an unpublished row and no consumer queue holds a message."""
    deadline = time.monotonic() + timeout
    services = ("accounts", "enrollment", "incompany", "billing", "notifications")
    databases = [await asyncpg.connect(stack.databases[service]) for service in services]
    broker = await aio_pika.connect(stack.rabbitmq_url)
    try:
        channel = await broker.channel()
        while True:
            waiting = 0
            for database in databases:
                waiting += await database.fetchval(
                    "SELECT count(*) FROM outbox WHERE published_at IS NULL"
                )
            for queue in QUEUES:
                declared = await channel.declare_queue(queue.name, passive=True)
                waiting += declared.declaration_result.message_count or 0
            if waiting == 0:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"still {waiting} events or messages waiting")
            await asyncio.sleep(0.25)
    finally:
        await broker.close()
        for database in databases:
            await database.close()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    pin_load_generator()
    if "rest" in args.sections:
        wrk_path()  # before anything starts: a missing wrk stops the run at once
    started = time.monotonic()
    workdir = ROOT / "build" / "bench" / datetime.now(UTC).strftime("run-%Y%m%dT%H%M%S")
    stack = Stack(
        rabbitmq_url=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
        postgres_url=os.environ.get(
            "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        workdir=workdir,
    )
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "make bench" if not args.smoke else "python -m bench --smoke",
        "rounds": args.rounds,
        "smoke": args.smoke,
    }
    log(f"starting the five services, the gateway and the baselines (logs in {workdir})")
    await stack.start()
    try:
        results["machine"] = await machine(stack)
        rest_seconds = (args.rounds + 1) * max(1, round(args.rest_seconds)) + 2
        catalogue = await seed(stack, int(rest_seconds * PLATFORM_MOST_PER_SECOND), rest_seconds)
        await wait_quiet(stack)
        idle = {p.service: p.resident_bytes() for p in stack.services()}

        if "pipeline" in args.sections:
            results["pipeline"] = await pipeline_section(stack, args)
            await wait_quiet(stack)
        if "rest" in args.sections:
            results["rest"] = await rest_section(stack, args, catalogue)
            await wait_quiet(stack)
        peaks = {p.service: p.peak_resident_bytes() for p in stack.services()}

        if args.deadline_groups:
            from bench.deadlines_section import measure_deadlines

            results["deadlines"] = await measure_deadlines(stack, args.deadline_groups, log)
            incompany = stack.processes["incompany"].peak_resident_bytes()
            peaks["incompany"] = max(peaks["incompany"], incompany)
        results["memory"] = {
            name: {"idle": idle[name], "peak": max(peaks[name], idle[name])} for name in idle
        }
        results["dead_lettered"] = await stack.dead_lettered()
    finally:
        await stack.stop()
    results["seconds"] = time.monotonic() - started
    return results


async def pipeline_section(stack: Stack, args: argparse.Namespace) -> dict[str, Any]:
    platform_pipeline = PlatformPipeline(stack)
    raw, fan_out = RawBaseline(stack), RawBaseline(stack, fan_out=True)
    await raw.start()
    await fan_out.start()
    try:
        log("event pipeline: warming up")
        await raw.run(max(50, args.raw_events // 20))
        await fan_out.run(max(50, args.raw_events // 20))
        await platform_pipeline.run(max(20, args.events // 20))
        await wait_quiet(stack)
        raw_max: list[Run] = []
        fan_out_max: list[Run] = []
        platform_max: list[Run] = []
        for n in range(args.rounds):
            raw_max.append(await raw.run(args.raw_events))
            fan_out_max.append(await fan_out.run(args.raw_events))
            await wait_quiet(stack)
            platform_max.append(await platform_pipeline.run(args.events))
            await wait_quiet(stack)
            log(
                f"event pipeline round {n + 1}: platform {platform_max[-1].rate:,.0f}/s, "
                f"raw fan-out {fan_out_max[-1].rate:,.0f}/s, raw {raw_max[-1].rate:,.0f}/s"
            )
        platform_rate = median_rate(platform_max)
        raw_rate, fan_out_rate = median_rate(raw_max), median_rate(fan_out_max)
        platform_paced: list[Run] = []
        raw_paced: list[Run] = []
        fan_out_paced: list[Run] = []
        for fraction in FRACTIONS:
            for baseline, baseline_rate, paced in (
                (raw, raw_rate, raw_paced),
                (fan_out, fan_out_rate, fan_out_paced),
            ):
                rate = baseline_rate * fraction
                paced.append(await baseline.run(max(10, int(rate * args.paced_seconds)), rate))
                await wait_quiet(stack)
            rate = platform_rate * fraction
            platform_paced.append(
                await platform_pipeline.run(max(10, int(rate * args.paced_seconds)), rate)
            )
            await wait_quiet(stack)
            log(
                f"paced at {fraction:.0%}: platform p50/p99 {platform_paced[-1].p50:,.0f}/"
                f"{platform_paced[-1].p99:,.0f} ms, raw fan-out {fan_out_paced[-1].p50:,.0f}/"
                f"{fan_out_paced[-1].p99:,.0f} ms, raw {raw_paced[-1].p50:,.0f}/"
                f"{raw_paced[-1].p99:,.0f} ms"
            )
    finally:
        await fan_out.stop()
        await raw.stop()
    return {
        "platform_rate": platform_rate,
        "raw_rate": raw_rate,
        "fan_out_rate": fan_out_rate,
        "platform_max": [r.summary() for r in platform_max],
        "raw_max": [r.summary() for r in raw_max],
        "fan_out_max": [r.summary() for r in fan_out_max],
        "platform_cpu": median_run(platform_max).summary()["cpu_ms_per_op"],
        "raw_cpu": median_run(raw_max).summary()["cpu_ms_per_op"],
        "fan_out_cpu": median_run(fan_out_max).summary()["cpu_ms_per_op"],
        "platform_paced": [r.summary() for r in platform_paced],
        "raw_paced": [r.summary() for r in raw_paced],
        "fan_out_paced": [r.summary() for r in fan_out_paced],
        "platform_at_80": platform_paced[-1].summary(),
        "raw_at_80": raw_paced[-1].summary(),
        "fan_out_at_80": fan_out_paced[-1].summary(),
    }


REST_SYSTEMS = ("bare", "minimal", "platform")


async def rest_section(stack: Stack, args: argparse.Namespace, catalogue: Any) -> dict[str, Any]:
    load = BookingLoad(stack, catalogue, args.concurrency)
    log("REST: warming up")
    for system in REST_SYSTEMS:
        await load.run(system, min(2.0, args.rest_seconds))
    await wait_quiet(stack)
    rounds: dict[str, list[Run]] = {system: [] for system in REST_SYSTEMS}
    for n in range(args.rounds):
        for system in REST_SYSTEMS:
            rounds[system].append(await load.run(system, args.rest_seconds))
        await wait_quiet(stack)
        log(
            f"REST round {n + 1}: "
            + ", ".join(f"{system} {rounds[system][-1].rate:,.0f}/s" for system in REST_SYSTEMS)
        )
    every = [run for runs in rounds.values() for run in runs]
    # The run that kept wrk busiest (the fastest system's): if wrk is not the limit there,
    # it is nowhere.
    busiest = max(every, key=lambda r: r.generator["core_share"])
    section: dict[str, Any] = {
        "concurrency": args.concurrency,
        "load_generator": {"program": "wrk", "system": busiest.system, **busiest.generator},
        "errors": sum(r.errors for r in every),
    }
    for system, runs in rounds.items():
        median = median_run(runs).summary()
        section[f"{system}_rate"] = median_rate(runs)
        section[system] = median
        section[f"{system}_cpu"] = median["cpu_ms_per_op"]
        section[f"{system}_rounds"] = [r.summary() for r in runs]
    return section


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.render:
        results = json.loads(args.render.read_text())
        write_page(results, args)
        return 0
    results = asyncio.run(run(args))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2, default=str))
    print()
    print(report.text_table(results))
    print()
    print(f"results: {args.results}; {results['seconds'] / 60:.1f} minutes")
    problems = []
    if (results.get("rest") or {}).get("errors"):
        problems.append(f"{results['rest']['errors']} REST answers other than 201")
    if results["dead_lettered"]:
        problems.append(f"dead-lettered during the run: {results['dead_lettered']}")
    if args.smoke or set(args.sections) != set(SECTIONS):
        # The page and plot are made all the same, away from docs/: not the run of record.
        args.page = args.results.with_name("PERFORMANCE.md")
        args.plot = args.results.with_name("performance-latency.png")
    write_page(results, args)
    for problem in problems:
        print(f"bench: {problem}", file=sys.stderr)
    return 1 if problems else 0


def write_page(results: dict[str, Any], args: argparse.Namespace) -> None:
    report.plot(results, args.plot)
    notes = (ROOT / "bench" / "ANALYSIS.md").read_text()
    args.page.write_text(report.page(results, args.plot.name, notes))
    print(f"wrote {args.page} and {args.plot}")


if __name__ == "__main__":
    sys.exit(main())
