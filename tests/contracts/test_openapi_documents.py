"""The committed OpenAPI documents (docs/openapi/<service>.json) are the code's.

Clients generate from them (tests/test_generated_client.py does): a route changed
without `make openapi` would publish a contract the services no longer keep.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devstack.openapi import DOCUMENTS, SERVICES, main, render

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("definition", SERVICES, ids=lambda d: d.name)
def test_the_committed_document_is_fresh(definition):
    committed = ROOT / DOCUMENTS / f"{definition.name}.json"
    assert committed.is_file(), f"{committed} is missing: run `make openapi`"
    assert committed.read_text(encoding="utf-8") == render(definition), (
        f"{committed} is stale: run `make openapi`"
    )


def test_every_service_has_its_document_and_no_other():
    assert sorted(p.stem for p in (ROOT / DOCUMENTS).glob("*.json")) == sorted(
        d.name for d in SERVICES
    )


def test_check_passes_on_fresh_documents_and_names_a_stale_one(tmp_path, capsys):
    assert main(["--write", "--output", str(tmp_path)]) == 0
    assert main(["--check", "--output", str(tmp_path)]) == 0
    stale = tmp_path / "enrollment.json"
    document = json.loads(stale.read_text())
    document["paths"].pop("/bookings")
    stale.write_text(json.dumps(document, indent=2))
    assert main(["--check", "--output", str(tmp_path)]) == 1
    assert f"{stale} is stale: run `make openapi`" in capsys.readouterr().err
    stale.unlink()
    assert main(["--check", "--output", str(tmp_path)]) == 1
