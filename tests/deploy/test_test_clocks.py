"""Test clocks never run in production (issue 14): the production overlay says it is
production and does not enable them, and a service given both refuses to start."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from pydantic import ValidationError

from chassis.settings import load_settings

PRODUCTION = "overlays/production"


def container_environments(docs: list[dict[str, Any]], deploy: Any) -> dict[str, dict[str, str]]:
    """The variables each service container of the rendered objects is given, by
    workload: its ConfigMaps' and Secrets' (envFrom) and its own literal `env` values."""
    config_maps = {
        c["metadata"]["name"]: c.get("data", {}) for c in deploy.of_kind(docs, "ConfigMap")
    }
    secrets = {
        s["metadata"]["name"]: {
            k: base64.b64decode(v).decode() for k, v in s.get("data", {}).items()
        }
        for s in deploy.of_kind(docs, "Secret")
    }
    environments = {}
    for workload, pod in deploy.pod_templates(docs):
        for container in pod["containers"]:
            variables: dict[str, str] = {}
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    variables.update(config_maps.get(source["configMapRef"]["name"], {}))
                if "secretRef" in source:
                    variables.update(secrets.get(source["secretRef"]["name"], {}))
            for variable in container.get("env", []):
                if "value" in variable:
                    variables[variable["name"]] = variable["value"]
            environments[f"{workload['kind']}/{workload['metadata']['name']}"] = variables
    return environments


def test_the_production_overlay_says_production_and_enables_no_test_clock(rendered, deploy):
    environments = container_environments(rendered[PRODUCTION], deploy)
    services = {k: v for k, v in environments.items() if k.split("/")[1] in deploy.NAMES}
    assert set(deploy.NAMES) <= {k.split("/")[1] for k in services}
    for workload, variables in services.items():
        assert variables.get("ENVIRONMENT") == "production", workload
        assert variables.get("TEST_CLOCKS_ENABLED", "false").lower() in ("false", "0"), workload


@pytest.mark.parametrize(
    "name", ["accounts", "enrollment", "incompany", "billing", "notifications"]
)
def test_a_service_deployed_by_the_production_overlay_refuses_test_clocks(name, rendered, deploy):
    variables = container_environments(rendered[PRODUCTION], deploy)[f"Deployment/{name}"]
    settings_class = deploy.definition(name).settings_class
    assert load_settings(settings_class, name, variables).test_clocks_enabled is False
    with pytest.raises(ValidationError, match="TEST_CLOCKS_ENABLED is refused"):
        load_settings(settings_class, name, {**variables, "TEST_CLOCKS_ENABLED": "true"})
