"""deploy/k8s renders the recorded set of objects, no more, no fewer, no renamed one.

The list is tests/deploy/rendered-objects.yaml: kind, namespace and name of every object
each kustomization renders. A reshaping of the manifests (patches, shared parts) must not
change it; adding or removing an object is a deliberate change of that file too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
TARGETS = ["base", *sorted(f"overlays/{p.name}" for p in (K8S / "overlays").iterdir())]
RECORDED = Path(__file__).with_name("rendered-objects.yaml")
HASH_SUFFIX = re.compile(r"-[2456789bcdfghkmt]{10}$")
"""What kustomize appends to a generated ConfigMap's or Secret's name (its alphabet)."""


def identity(doc: dict[str, Any]) -> str:
    """`Kind namespace/name`, with a generated name's content hash read as <hash>."""
    metadata = doc["metadata"]
    name = metadata["name"]
    if doc["kind"] in ("ConfigMap", "Secret"):
        name = HASH_SUFFIX.sub("-<hash>", name)
    namespace = metadata.get("namespace")
    return f"{doc['kind']} {namespace}/{name}" if namespace else f"{doc['kind']} {name}"


def recorded() -> dict[str, list[str]]:
    return yaml.safe_load(RECORDED.read_text())


def test_every_kustomization_has_its_recorded_list():
    assert sorted(recorded()) == TARGETS


@pytest.mark.parametrize("target", TARGETS)
def test_the_rendered_objects_are_the_recorded_ones(target, rendered):
    assert sorted(identity(doc) for doc in rendered[target]) == sorted(recorded()[target])


def test_the_comparison_sees_a_renamed_object_and_a_hash_suffix(rendered):
    docs = rendered["base"]
    identities = sorted(identity(doc) for doc in docs)
    assert "ConfigMap platform-<hash>" in identities  # hashed, read as <hash>
    renamed = [{**doc, "metadata": {**doc["metadata"], "name": "x"}} for doc in docs[:1]]
    assert sorted(identity(doc) for doc in renamed + docs[1:]) != identities
