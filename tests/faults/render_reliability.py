"""Write docs/RELIABILITY.md from the reports of a `make reliability` run.

Usage: python tests/faults/render_reliability.py FAULTS_JSON SECURITY_JSON SECONDS OUT_MD

Every figure in the page comes from the suite's own output: the fault ledger
(`testkit.faults.report`, RELIABILITY_REPORT) and the security ledger
(`testkit.platform.report`, SECURITY_REPORT).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "unknown"
    )


def machine() -> str:
    memory = "?"
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    rabbit = _version(["rabbitmqctl", "-q", "version"])
    postgres = _version(["psql", "--version"])
    return (
        f"{os.cpu_count()} cores, {memory} RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, RabbitMQ {rabbit}, {postgres} (client)"
    )


FOUND = [
    "## Found on the way, fixed in the code",
    "",
    "- **A database outage answered 500 and dead-lettered sound messages.** With "
    "enrollment's database cut, requests failed with 500 and its consumers spent their "
    "delivery limit in under a second, sending valid invoice events to the dead-letter "
    "queue. Now `chassis.db.database_unavailable` tells an outage from a bad request: "
    "HTTP answers 503 with `Retry-After` and a message naming the service, consumers "
    "hold the message and retry it without spending its delivery limit, and "
    "`/health/ready` answers 503 meanwhile.",
    "- **A cancellation that overtook its validation left the billable open.** "
    "After a broker restart, billing got `booking.cancelled` before `booking.validated` "
    "(two queues, so no order between them) and then recorded an open billable for a "
    "cancelled booking, which staff could have invoiced. Billing now keeps such a "
    "cancellation (`early_cancellations`) and records the billable cancelled; both "
    "handlers take an advisory lock on the billable's key.",
    "- **Five services of 20 connections each fill PostgreSQL's default 100.** The pool "
    "is now set per deployment (`DATABASE_POOL_SIZE`, `DATABASE_MAX_OVERFLOW`); the "
    "suite runs two instances of everything within 100 connections.",
    "- **A lock or statement timeout answered 500.** A frozen billing instance (the "
    "consumer-timeout scenario) held the invoice counter past the lock timeout, and the "
    "other instance's invoice request failed with 500. Lock, statement and deadlock waits "
    "the database ended are now 503 `database_busy` with `Retry-After`.",
    '- **A failover left emails "sending" for 15 minutes.** The email had left, but the '
    'database went away before "sent" was recorded. Notifications\' delivery loop now '
    "keeps such outcomes and records them once the database is back.",
    "- **Under a memory or disk alarm, acks stalled with publishing.** RabbitMQ blocks "
    "connections that publish; publishing and consuming shared one. The relay now "
    "publishes on its own connection (`<service> publisher`).",
    "",
    "The security suite's earlier findings (request bodies without a size limit, NUL "
    "bytes and oversized numbers answered 500, blank names answered 500, password "
    "guessing through the email change, invoices for unknown bookings silently acked) "
    "were fixed when it was written.",
    "",
]


def render(faults: list[dict], security: dict, seconds: float) -> str:
    lines = [
        "# Reliability: what the fault and security suites measured",
        "",
        "Written by `make reliability` from the suites' own output "
        "(`tests/faults/render_reliability.py`); do not edit by hand, run it again.",
        "",
        f"- Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} minutes in all.",
        f"- Machine: {machine()}.",
        "- Services: the five, each `python -m <service> serve` as its own process, on the "
        "test cluster (`python -m testkit.cluster`): three RabbitMQ nodes with quorum queues "
        "replicated on all three, the services given every node's URL, and a PostgreSQL "
        "primary with its synchronous streaming standby, reached by a multi-host URL "
        "(`target_session_attrs=read-write`); one database per service. Consumers handle "
        "their deliveries in batches (`CONSUMER_BATCH_SIZE`, 32 by default), as deployed.",
        f"- Operations per scenario: {_target(faults)} asked (`FAULT_OPERATIONS`).",
        "",
        f"![Time to recover per fault]({RECOVERY_PICTURE})",
        "",
        "## Fault scenarios",
        "",
        "Each scenario drives business operations through the REST APIs (bookings, "
        "validations, invoices, cancellations, in-company participants) while the fault "
        "happens, waits until the system is quiet, then checks the ledger:",
        "",
        "- **operations**: requests answered with success that caused an event (a "
        "customer's change request causes none: only its resolution is counted);",
        "- **events**: rows in the five outboxes; **deliveries**: (event, consumer) pairs "
        "that must each be recorded once in the consumer's inbox;",
        "- **lost**: a delivery never recorded, or a business effect missing (a billable per "
        "validated booking, its cancellation, a credit note per cancelled invoice, the order "
        "status matching billing's invoices, an account per participant, a message per "
        "notified event);",
        "- **duplicated**: an effect recorded twice, or a cause published twice;",
        "- **stuck**: rows left unpublished in an outbox, messages left in a queue or a "
        "dead-letter queue;",
        "- **half-written**: a committed row without its event, or an event without its row;",
        "- **recover**: for each fault, seconds from its end (process ready again, broker "
        "back, database reachable, process resumed) until every cause committed before "
        "then has all its deliveries recorded; the worst of the scenario;",
        "- **refused**: requests answered 5xx or cut during the fault (the operation was "
        "tried again later); these are not losses: nothing was committed for them;",
        "- **unexpected**: a committed row no operation of the load explains;",
        "- **acked**: writes the API acknowledged (2xx, logged by the client as answered) "
        "found in the databases, each one checked; **emails**: messages the rig's SMTP "
        "server received, each exactly once (an uncertain send at most once); **absorbed**: "
        "duplicate deliveries the inboxes turned away, counted from the services' logs.",
        "",
        "| scenario | instances | operations | events | deliveries | lost | duplicated | "
        "stuck | unexpected | half-written | recover (s) | refused | acked | emails | "
        "absorbed | minutes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: |",
    ]
    for r in faults:
        ledger = r["ledger"]
        recover = f"{r['time_to_recover']:.1f}" if r["time_to_recover"] is not None else "-"
        lines.append(
            f"| {r['scenario']} | {r['replicas']} | {r['operations']:,} | {ledger['events']:,} "
            f"| {ledger['deliveries_expected']:,} | {ledger['lost']} | {ledger['duplicated']} "
            f"| {ledger['stuck']} | {ledger.get('unexpected', 0)} | {ledger['half_written']} "
            f"| {recover} | {sum(r['refused'].values()):,} "
            f"| {ledger.get('acknowledged_checked', 0):,} | {ledger.get('emails_received', 0):,} "
            f"| {ledger.get('duplicates_absorbed', 0):,} | {r['seconds'] / 60:.1f} |"
        )
    lines += ["", "### Per scenario", ""]
    for r in faults:
        kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(r["operations_by_kind"].items()))
        lines.append(f"**{r['scenario']}**: {kinds}.")
        lines.append("")
        for fault in r["faults"]:
            took = fault["recovered_in"]
            caught = f"{took:.2f} s" if took is not None else "not measured"
            lines.append(
                f"- {fault['what']}: {fault['backlog']} deliveries behind at its end, "
                f"caught up in {caught}"
            )
        for note in r["notes"]:
            lines.append(f"- {note}")
        if r["refused"]:
            refused = ", ".join(f"{k} x{n:,}" for k, n in sorted(r["refused"].items()))
            lines.append(f"- refused during the fault: {refused}")
        for detail in r["ledger"]["details"][:10]:
            lines.append(f"- ledger: {detail}")
        lines.append("")
    lines += FOUND
    lines += [
        "## Bad input and security",
        "",
        f"From `tests/security` in the same run ({security.get('failed', 0)} failed tests):",
        "",
    ]
    lines += [f"- {line}" for line in security.get("lines", [])]
    lines += [
        "",
        "## How to run it",
        "",
        "```sh",
        "make reliability   # the long version: FAULT_OPERATIONS (2,000) per scenario, this page",
        "uv run --locked pytest tests/faults tests/security   # the quick version (in make test)",
        "```",
        "",
        "`FAULT_OPERATIONS` sets the operations per scenario (default 300, the quick version), "
        "`SECURITY_FUZZ_EXAMPLES` the schemathesis examples per operation. The broker "
        "scenario restarts the test cluster's three RabbitMQ nodes (`python -m testkit.cluster`) "
        "with `rabbitmqctl stop_app/start_app`; the machine's default node is never touched.",
        "",
    ]
    return "\n".join(lines)


RECOVERY_PICTURE = "reliability-recovery.png"
"""Written beside the page: one bar per fault, seconds from its end until caught up."""


def _target(faults: list[dict]) -> str:
    targets = {r.get("operations_target") for r in faults} - {None}
    return ", ".join(f"{t:,}" for t in sorted(targets)) or "?"


def recoveries(faults: list[dict]) -> list[tuple[str, float]]:
    """Every measured fault of the run, labelled by its scenario, with its recovery time."""
    found = []
    for r in faults:
        measured = [f for f in r["faults"] if f["recovered_in"] is not None]
        for fault in measured:
            what = fault["what"].split(",")[0][:40]
            label = r["scenario"] if len(measured) == 1 else f"{r['scenario']} · {what}"
            found.append((label, float(fault["recovered_in"])))
    return found


def plot_recoveries(faults: list[dict], path: Path) -> None:
    """A horizontal bar per fault: how long until every delivery behind it was recorded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    found = recoveries(faults)
    figure, axes = plt.subplots(figsize=(10, 0.32 * max(len(found), 4) + 1.2))
    labels = [label for label, _ in found]
    seconds = [took for _, took in found]
    axes.barh(range(len(found)), seconds, color="#3b6ea5")
    axes.set_yticks(range(len(found)), labels, fontsize=8)
    axes.invert_yaxis()
    for y, took in enumerate(seconds):
        axes.text(took, y, f" {took:.1f}", va="center", fontsize=7)
    axes.set_xlabel("seconds from the end of the fault until every delivery behind it is recorded")
    axes.set_title("Time to recover per fault (make reliability)", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str]) -> int:
    faults_path, security_path, seconds, out = argv
    faults = json.loads(Path(faults_path).read_text())
    security = json.loads(Path(security_path).read_text()) if Path(security_path).exists() else {}
    Path(out).write_text(render(faults, security, float(seconds)))
    plot_recoveries(faults, Path(out).parent / RECOVERY_PICTURE)
    print(f"wrote {out} and {Path(out).parent / RECOVERY_PICTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
