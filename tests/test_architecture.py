"""The one shape of every service, as `lint-imports` keeps it (.importlinter).

Each service has the same three contracts: its layers (service > entrypoints >
handlers > adapters > domain), a domain free of I/O libraries, and no web
framework below its entrypoints. These tests show the contracts are there for
all five, word for word, and that they do fail: a bad import planted in a
temporary copy of a service is reported.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("accounts", "enrollment", "incompany", "billing", "notifications")
KINDS = ("layers", "domain-pure", "no-web-below-entrypoints")


def contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / ".importlinter")
    return parser


def test_every_service_has_the_same_three_contracts():
    parser = contracts()
    for kind in KINDS:
        reference = dict(parser[f"importlinter:contract:billing-{kind}"])
        for service in SERVICES:
            section = dict(parser[f"importlinter:contract:{service}-{kind}"])
            assert {k: v.replace(service, "billing") for k, v in section.items()} == reference


def lint_copy(tmp_path: Path, plant: tuple[str, str] | None) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of billing, with `plant` = (module file, line) added."""
    package = tmp_path / "billing"
    shutil.copytree(
        ROOT / "services/billing/billing",
        package,
        ignore=shutil.ignore_patterns("__pycache__", "migrations"),
    )
    if plant is not None:
        target = package / plant[0]
        target.write_text(target.read_text() + f"\n{plant[1]}\n")
    parser = contracts()
    config = configparser.ConfigParser()
    config["importlinter"] = {"root_package": "billing", "include_external_packages": "True"}
    for kind in KINDS:
        name = f"importlinter:contract:billing-{kind}"
        config[name] = dict(parser[name])
    with (tmp_path / ".importlinter").open("w") as file:
        config.write(file)
    lint = Path(sys.executable).with_name("lint-imports")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [str(lint), str(tmp_path / ".importlinter"), "--no-cache"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_untouched_copy_keeps_its_contracts(tmp_path):
    run = lint_copy(tmp_path, None)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


@pytest.mark.parametrize(
    ("plant", "broken"),
    [
        (("domain/fees.py", "import sqlalchemy"), "billing.domain holds no I/O"),
        (("domain/fees.py", "import billing.adapters.tables"), "service > entrypoints"),
        (("handlers/invoicing.py", "import fastapi"), "know nothing of the web framework"),
        (("adapters/tables.py", "import billing.handlers.invoicing"), "service > entrypoints"),
    ],
)
def test_a_bad_import_is_reported(tmp_path, plant, broken):
    run = lint_copy(tmp_path, plant)
    assert run.returncode != 0
    assert broken in run.stdout
    assert "BROKEN" in run.stdout
