"""deploy/grafana: the dashboard queries metrics the services really expose."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

from chassis.metrics import Metrics

REPO = Path(__file__).resolve().parents[2]
GRAFANA = REPO / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "platform.json"
SERVICE_GAUGES = {"incompany_deadlines_due", "incompany_deadlines_late"}
"""Gauges a service registers itself (a chassis ScrapedGauge); incompany's are on their way."""
PROMQL_WORDS = {
    "sum", "max", "min", "count", "avg", "rate", "increase", "histogram_quantile", "by",
    "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
}  # fmt: skip


def exposed_names() -> set[str]:
    """Every sample name the chassis exposes, each metric touched once."""
    metrics = Metrics("example", "1.0", queues=["example.queue"])
    metrics.http_requests.labels(method="GET", route="/x", status="200").inc()
    metrics.http_duration.labels(method="GET", route="/x", status="200").observe(0.1)
    metrics.handling_duration.labels(queue="example.queue").observe(0.1)
    metrics.collection_errors.labels(source="outbox").inc()
    metrics.published(1, 1)
    text = metrics.exposition().decode()
    return {s.name for f in text_string_to_metric_families(text) for s in f.samples}


def expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def metric_names(expr: str) -> set[str]:
    bare = re.sub(r'"[^"]*"', "", expr)
    bare = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", bare)
    bare = re.sub(r"\b(by|without)\s*\([^)]*\)", "", bare)
    names = set()
    for match in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", bare):
        if bare[match.end() :].lstrip().startswith("("):
            continue  # a function
        if match.group() not in PROMQL_WORDS:
            names.add(match.group())
    return names


def test_metric_name_extraction():
    assert metric_names(
        'histogram_quantile(0.95, sum by (job, le) (rate(x_bucket{job=~"$s"}[5m])))'
    ) == {"x_bucket"}
    assert metric_names("max(incompany_deadlines_due)") == {"incompany_deadlines_due"}


def test_every_panel_queries_exposed_metrics_or_a_declared_service_gauge():
    exposed = exposed_names()
    used = set().union(*(metric_names(e) for e in expressions()))
    assert used - exposed == SERVICE_GAUGES
    for needed in (
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "messages_consumed_total",
        "messages_failed_total",
        "messages_dead_lettered_total",
        "outbox_pending_messages",
        "outbox_oldest_pending_age_seconds",
    ):
        assert needed in used, f"no panel shows {needed}"


def test_the_dashboard_uses_the_provisioned_datasource_and_a_service_variable():
    dashboard = json.loads(DASHBOARD.read_text())
    datasources = yaml.safe_load((GRAFANA / "provisioning/datasources/prometheus.yaml").read_text())
    uid = datasources["datasources"][0]["uid"]
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == uid, panel["title"]
    [variable] = dashboard["templating"]["list"]
    assert variable["name"] == "service"
    assert "service_info" in variable["definition"]
    assert "service_info" in exposed_names()
    providers = yaml.safe_load((GRAFANA / "provisioning/dashboards/platform.yaml").read_text())
    assert providers["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
