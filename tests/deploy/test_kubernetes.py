"""deploy/k8s: every kustomization renders, and every object it renders is valid.

Built-in kinds are validated offline, strictly (unknown fields refused), against
the Kubernetes OpenAPI schemas that kubernetes-validate ships, for the oldest and
the newest Kubernetes version we support. The operators' custom resources
(RabbitmqCluster, CloudNativePG Cluster and ScheduledBackup) have no schema
there: they are checked field by field below (`test_custom_resources_*`), their
embedded Kubernetes types (resources, affinity) against the Kubernetes schemas.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate.utils as kv
import pytest
import yaml
from referencing import Registry, Resource

from devstack.__main__ import SERVICES

NAMES = [d.name for d in SERVICES]
K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
TARGETS = ["base", *sorted(f"overlays/{p.name}" for p in (K8S / "overlays").iterdir())]
KUBERNETES_VERSIONS = ["1.30", "1.33"]
CUSTOM_RESOURCES = {
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"),
    ("postgresql.cnpg.io/v1", "Cluster"),
    ("postgresql.cnpg.io/v1", "ScheduledBackup"),
}
TMP = "/tmp"  # noqa: S108 -- the containers' writable scratch directory, an emptyDir
OPERATOR_SECRETS = {"rabbitmq-default-user"} | {f"{name}-db-app" for name in NAMES}
"""Secrets the operators write: the RabbitMQ default user, and CloudNativePG's app user."""


def test_there_is_a_production_overlay():
    assert "overlays/production" in TARGETS


@pytest.mark.parametrize("target", TARGETS)
def test_kubectl_kustomize_renders_it(target, rendered):
    kinds = {doc["kind"] for doc in rendered[target]}
    expected = {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job"}
    assert expected | {"Ingress", "ConfigMap", "RabbitmqCluster", "Cluster"} <= kinds


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("target", TARGETS)
def test_every_rendered_object_validates_against_the_kubernetes_schemas(target, version, rendered):
    errors, custom = [], []
    for doc in rendered[target]:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        try:
            kv.validate(doc, version, strict=True)
        except kv.SchemaNotFoundError:
            if (doc["apiVersion"], doc["kind"]) not in CUSTOM_RESOURCES:
                errors.append(f"{where}: no schema for {doc['apiVersion']} {doc['kind']}")
            custom.append(where)
        except kv.ValidationError as error:
            path = ".".join(str(p) for p in error.path)
            errors.append(f"{where}: {path}: {error.message}")
    assert errors == []
    assert len(custom) < len(rendered[target])


def test_the_schema_check_is_real_it_refuses_a_broken_deployment(rendered):
    deployment = copy.deepcopy(
        rendered["base"][[d["kind"] for d in rendered["base"]].index("Deployment")]
    )
    kv.validate(deployment, "1.33", strict=True)
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["httpGet"]["paht"] = "/typo"
    with pytest.raises(kv.ValidationError):
        kv.validate(deployment, "1.33", strict=True)
    del container["readinessProbe"]["httpGet"]["paht"]
    container["resources"]["limits"] = "512Mi"
    with pytest.raises(kv.ValidationError):
        kv.validate(deployment, "1.33", strict=True)


# --- the operators' custom resources ----------------------------------------------------------


@functools.cache
def kubernetes_definitions() -> Resource:
    path = Path(kv.__file__).parent / "kubernetes-json-schema" / "v1.33.0-local-strict"
    return Resource.from_contents(json.loads((path / "_definitions.json").read_text()))


def core_type(name: str, value: Any) -> None:
    """Validate `value` against the Kubernetes definition `name` (e.g. ResourceRequirements)."""
    definitions = kubernetes_definitions()
    schema = {"$ref": f"{definitions.id()}#/$defs/io.k8s.api.core.v1.{name}"}
    registry = Registry().with_resource(definitions.id(), definitions)
    jsonschema.Draft202012Validator(schema, registry=registry).validate(value)


def test_the_embedded_type_check_is_real_it_refuses_a_bad_quantity_field():
    core_type("ResourceRequirements", {"limits": {"memory": "1Gi"}})
    with pytest.raises(jsonschema.ValidationError):
        core_type("ResourceRequirements", {"limit": {"memory": "1Gi"}})


QUANTITY = re.compile(r"^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
RABBITMQ_SPEC_FIELDS = {
    "replicas", "image", "imagePullSecrets", "service", "persistence", "resources",
    "affinity", "tolerations", "rabbitmq", "tls", "override", "skipPostDeploySteps",
    "terminationGracePeriodSeconds", "delayStartSeconds", "secretBackend",
    "autoEnableAllFeatureFlags",
}  # fmt: skip
CNPG_CLUSTER_SPEC_FIELDS = {
    "instances", "imageName", "imageCatalogRef", "primaryUpdateStrategy",
    "primaryUpdateMethod", "bootstrap", "postgresql", "storage", "walStorage", "resources",
    "backup", "monitoring", "affinity", "superuserSecret", "enableSuperuserAccess",
    "description", "minSyncReplicas", "maxSyncReplicas", "replica", "externalClusters",
    "managed", "certificates", "logLevel", "priorityClassName", "env", "envFrom",
    "startDelay", "stopDelay", "smartShutdownTimeout", "switchoverDelay", "failoverDelay",
    "plugins", "projectedVolumeTemplate", "ephemeralVolumeSource", "topologySpreadConstraints",
}  # fmt: skip


@pytest.mark.parametrize("target", TARGETS)
def test_custom_resources_rabbitmq_cluster_has_three_nodes_and_valid_embedded_types(
    target, rendered, deploy
):
    [cluster] = deploy.of_kind(rendered[target], "RabbitmqCluster")
    assert cluster["apiVersion"] == "rabbitmq.com/v1beta1"
    assert cluster["metadata"]["name"] == "rabbitmq"  # the Service and Secret names follow
    spec = cluster["spec"]
    assert set(spec) <= RABBITMQ_SPEC_FIELDS, set(spec) - RABBITMQ_SPEC_FIELDS
    assert spec["replicas"] == 3  # quorum queues keep a majority when one node is gone
    assert QUANTITY.match(spec["persistence"]["storage"])
    core_type("ResourceRequirements", spec["resources"])
    core_type("Affinity", spec["affinity"])
    assert "cluster_partition_handling = pause_minority" in spec["rabbitmq"]["additionalConfig"]
    assert set(spec["rabbitmq"]) <= {"additionalConfig", "additionalPlugins", "advancedConfig",
                                     "envConfig", "erlangInetConfig"}  # fmt: skip


@pytest.mark.parametrize("target", TARGETS)
def test_custom_resources_one_postgresql_cluster_per_service_owning_its_database(
    target, rendered, deploy
):
    docs = rendered[target]
    clusters = {c["metadata"]["name"]: c for c in deploy.of_kind(docs, "Cluster")}
    assert sorted(clusters) == sorted(f"{name}-db" for name in NAMES)
    secrets = {s["metadata"]["name"]: s for s in deploy.of_kind(docs, "Secret")}
    for name in NAMES:
        cluster = clusters[f"{name}-db"]
        assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
        spec = cluster["spec"]
        assert set(spec) <= CNPG_CLUSTER_SPEC_FIELDS, set(spec) - CNPG_CLUSTER_SPEC_FIELDS
        assert isinstance(spec["instances"], int)
        assert spec["instances"] >= 2
        assert spec["bootstrap"]["initdb"] == {"database": name, "owner": name}
        assert QUANTITY.match(spec["storage"]["size"])
        core_type("ResourceRequirements", spec["resources"])
        assert all(isinstance(v, str) for v in spec["postgresql"]["parameters"].values())
        backup = spec.get("backup")
        if target == "overlays/production":
            assert backup is not None, f"{name}-db: no backup in production"
        if backup:
            store = backup["barmanObjectStore"]
            assert store["destinationPath"].startswith("s3://")
            assert re.fullmatch(r"\d+[dwm]", backup["retentionPolicy"])
            for ref in store["s3Credentials"].values():
                assert ref["key"] in secrets[ref["name"]].get("data", {}), ref


@pytest.mark.parametrize("target", TARGETS)
def test_custom_resources_scheduled_backups_name_existing_clusters(target, rendered, deploy):
    docs = rendered[target]
    clusters = {c["metadata"]["name"] for c in deploy.of_kind(docs, "Cluster")}
    backups = deploy.of_kind(docs, "ScheduledBackup")
    if target == "overlays/production":
        assert {b["spec"]["cluster"]["name"] for b in backups} == clusters
    for backup in backups:
        assert backup["spec"]["cluster"]["name"] in clusters
        assert len(backup["spec"]["schedule"].split()) == 6  # CloudNativePG: seconds first


# --- what each service gets ---------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
def test_each_service_has_its_deployment_service_autoscaler_budget_and_migration_job(
    target, rendered, deploy
):
    docs = rendered[target]
    for name in NAMES:
        deployment = deploy.named(docs, "Deployment", name)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"
        service = deploy.named(docs, "Service", name)
        assert service["spec"]["selector"].items() <= labels.items()
        autoscaler = deploy.named(docs, "HorizontalPodAutoscaler", name)
        assert autoscaler["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        assert autoscaler["spec"]["minReplicas"] >= 2
        budget = deploy.named(docs, "PodDisruptionBudget", name)
        assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert budget["spec"]["minAvailable"] < autoscaler["spec"]["minReplicas"]
        job = deploy.named(docs, "Job", f"{name}-migrate")
        [migrate] = job["spec"]["template"]["spec"]["containers"]
        [serve] = deployment["spec"]["template"]["spec"]["containers"]
        assert migrate["image"] == serve["image"]
        assert (migrate["args"], serve["args"]) == (["migrate"], ["serve"])


WORKLOAD_KINDS = {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                  "Job", "Cluster"}  # fmt: skip
PLACEHOLDER = "SERVICE"
"""What base/service writes where a service's name goes."""


def test_a_service_workload_is_written_once_in_base_service_and_included_by_each_service():
    defined: dict[str, list[str]] = {}
    for path in sorted(K8S.rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc.get("kind") in WORKLOAD_KINDS:
                defined.setdefault(doc["kind"], []).append(str(path.relative_to(K8S)))
    assert sorted(defined) == sorted(WORKLOAD_KINDS)
    assert all(len(paths) == 1 for paths in defined.values()), defined
    assert all(path.startswith("base/service/") for [path] in defined.values()), defined
    base = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    for name in NAMES:
        assert name in base["resources"]
        own = yaml.safe_load((K8S / "base" / name / "kustomization.yaml").read_text())
        assert own["resources"] == ["../service"]
        assert own["transformers"] == ["../service/naming"]
        assert own["images"] == [
            {"name": f"training-platform/{PLACEHOLDER}", "newName": f"training-platform/{name}"}
        ]
        [naming] = [g for g in own["configMapGenerator"] if g["name"] == "service"]
        assert naming["literals"] == [f"name={name}"]


@pytest.mark.parametrize("target", TARGETS)
def test_no_placeholder_and_no_naming_config_map_is_rendered(target, rendered, deploy):
    assert PLACEHOLDER not in yaml.safe_dump_all(rendered[target])
    names = [c["metadata"]["name"] for c in deploy.of_kind(rendered[target], "ConfigMap")]
    assert [name for name in names if name.startswith("service-")] == []


@pytest.mark.parametrize("target", TARGETS)
def test_every_pod_is_restricted_with_probes_and_resources(target, rendered, deploy):
    for workload, pod in deploy.pod_templates(rendered[target]):
        where = f"{workload['kind']}/{workload['metadata']['name']}"
        assert pod["securityContext"]["runAsNonRoot"] is True, where
        assert pod["securityContext"]["runAsUser"] >= 10000, where
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", where
        assert pod["automountServiceAccountToken"] is False, where
        volumes = {v["name"]: v for v in pod["volumes"]}
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, where
            assert context["allowPrivilegeEscalation"] is False, where
            assert context["capabilities"]["drop"] == ["ALL"], where
            assert context["seccompProfile"]["type"] == "RuntimeDefault", where
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert "emptyDir" in volumes[mounts[TMP]], f"{where}: {TMP} must be writable"
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), where
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), where
            if workload["kind"] == "Deployment":
                assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
                assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
                assert container["startupProbe"]["httpGet"]["path"] == "/health/live"


@pytest.mark.parametrize("target", TARGETS)
def test_every_secret_and_config_map_referenced_exists_or_is_made_by_an_operator(
    target, rendered, deploy
):
    docs = rendered[target]
    config_maps = {
        c["metadata"]["name"]: c.get("data", {}) for c in deploy.of_kind(docs, "ConfigMap")
    }
    secrets = {s["metadata"]["name"]: s.get("data", {}) for s in deploy.of_kind(docs, "Secret")}
    for workload, pod in deploy.pod_templates(docs):
        for container in pod["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in config_maps
                if "secretRef" in source and target != "base":
                    assert source["secretRef"]["name"] in secrets
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref is None or ref["name"] in OPERATOR_SECRETS or target == "base":
                    continue
                if ref.get("optional"):
                    assert ref["name"] in secrets, ref
                else:
                    assert ref["key"] in secrets[ref["name"]], (workload["metadata"]["name"], ref)
    if target == "base":  # no secret value lives in the base
        assert deploy.of_kind(docs, "Secret") == []


def test_production_prints_the_real_seller_on_invoices_not_the_development_identity(
    rendered, deploy
):
    """Issue 15: an invoice names the seller's legal identity, address, enterprise and VAT
    numbers and the account paid to; production sets them, the defaults are a development
    identity that must never reach a customer."""
    from billing.settings import BillingSettings

    [config] = [
        c
        for c in deploy.of_kind(rendered["overlays/production"], "ConfigMap")
        if c["metadata"]["name"].startswith("billing-config")
    ]
    data = config["data"]
    development = BillingSettings(service_name="billing")
    for name in (
        "SELLER_NAME",
        "SELLER_STREET",
        "SELLER_POSTAL_CODE",
        "SELLER_CITY",
        "SELLER_ENTERPRISE_NUMBER",
        "SELLER_VAT_NUMBER",
        "SELLER_IBAN",
        "PAYMENT_TERMS_DAYS",
    ):
        assert data.get(name), name
    assert data["SELLER_NAME"] != development.seller_name
    assert data["SELLER_VAT_NUMBER"] != development.seller_vat_number
