"""deploy/compose.yaml: valid Compose, complete, and its PostgreSQL init script works.

The schema is the Compose Specification's own JSON schema, as vendored by the
check-jsonschema package (`vendor.compose-spec`); it is not written here.
"""

from __future__ import annotations

import asyncio
import copy
import importlib.resources
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import dotenv
import jsonschema
import pytest
from yarl import URL

from chassis.tokens import load_public_keys
from devstack.__main__ import SERVICES

REPO = Path(__file__).resolve().parents[2]
NAMES = [d.name for d in SERVICES]


def compose_schema() -> dict:
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads(vendor.joinpath("compose-spec.json").read_text())


def validator() -> jsonschema.protocols.Validator:
    schema = compose_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def test_the_compose_file_validates_against_the_compose_specification(compose):
    errors = [f"{list(e.path)}: {e.message}" for e in validator().iter_errors(compose)]
    assert errors == []


def test_the_compose_schema_check_is_real(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["accounts"]["depends_on"]["accounts-migrate"]["condition"] = "finished"
    assert list(validator().iter_errors(broken))
    broken = copy.deepcopy(compose)
    broken["services"]["gateway"]["helthcheck"] = broken["services"]["gateway"].pop("healthcheck")
    assert list(validator().iter_errors(broken))


def test_it_runs_each_service_after_its_one_shot_migration_from_its_own_image(compose):
    services = compose["services"]
    for name in NAMES:
        service, migrate = services[name], services[f"{name}-migrate"]
        assert service["build"]["dockerfile"] == "deploy/docker/service.Dockerfile"
        assert service["build"]["args"] == {"SERVICE": name}
        assert (REPO / "deploy" / service["build"]["context"]).resolve() == REPO
        assert migrate["image"] == service["image"]
        assert migrate["command"] == ["migrate"]
        assert migrate["restart"] == "no"
        assert service["depends_on"][f"{name}-migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert service["depends_on"]["rabbitmq"] == {"condition": "service_healthy"}
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
    assert "15672:15672" in services["rabbitmq"]["ports"][0]
    assert services["rabbitmq"]["image"].endswith("-management")
    assert services["mailpit"]["image"].startswith("axllent/mailpit")


def test_every_secret_compose_needs_is_written_by_compose_env_and_reads_back(
    compose, tmp_path, deploy
):
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", deploy.COMPOSE_FILE.read_text()))
    result = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "compose_env.py"), "--path", str(tmp_path / ".env")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0, "the file must be private"
    values = dotenv.dotenv_values(tmp_path / ".env")
    assert required <= set(values), required - set(values)
    assert all(values[name] for name in required)
    assert len(load_public_keys(values["JWT_PUBLIC_KEY"])) == 1
    assert values["JWT_PRIVATE_KEY"].startswith("-----BEGIN PRIVATE KEY-----\n")
    for name in NAMES:  # URL-safe: they go into database URLs as they are
        assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", values[f"{name.upper()}_DB_PASSWORD"])
    again = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "compose_env.py"), "--path", str(tmp_path / ".env")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "kept" in again.stdout
    assert dotenv.dotenv_values(tmp_path / ".env") == values


@pytest.mark.postgres
async def test_the_init_script_makes_one_database_and_one_owner_per_service(
    compose, postgres_admin_url
):
    bash = shutil.which("bash")
    if shutil.which("psql") is None or bash is None:
        pytest.skip("psql (PostgreSQL's client) or bash is not installed")
    environment = compose["services"]["postgres"]["environment"]
    assert environment["SERVICE_DATABASES"].split() == NAMES
    prefix = f"ops_{uuid.uuid4().hex[:8]}_"
    names = [prefix + name for name in ("accounts", "billing")]
    admin = URL(postgres_admin_url)
    env = {
        **os.environ,
        "SERVICE_DATABASES": " ".join(names),
        "POSTGRES_USER": admin.user or "postgres",
        "PGHOST": admin.host or "127.0.0.1",
        "PGPORT": str(admin.port or 5432),
        **({"PGPASSWORD": admin.password} if admin.password else {}),
        **{f"{name.upper()}_DB_PASSWORD": f"pw-{name}" for name in names},
    }
    script = REPO / "deploy" / "postgres" / "init-databases.sh"
    connection = await asyncpg.connect(postgres_admin_url)
    try:
        for _ in range(2):  # a second run changes nothing and does not fail
            result = await asyncio.to_thread(
                subprocess.run,
                [bash, str(script)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 0, result.stderr
        for name in names:
            owner = await connection.fetchval(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", name
            )
            assert owner == name
            can_login = await connection.fetchval(
                "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", name
            )
            assert can_login is True
        first, second = names
        for who, database, expected in ((first, first, True), (first, second, False)):
            allowed = await connection.fetchval(
                "SELECT has_database_privilege($1, $2, 'CONNECT')", who, database
            )
            assert allowed is expected, (who, database)
    finally:
        for name in names:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'DROP ROLE IF EXISTS "{name}"')
        await connection.close()
