"""deploy/docker/service.Dockerfile: parses, and with `--build-arg SERVICE=<name>` installs
that service and nothing else, and runs it.

No Docker engine here: the Dockerfile is parsed with BuildKit's own parser (the
`dockerfile` package), its variables replaced as a build with the service's build
argument replaces them (conftest.dockerfile_built), and its build stage is replayed
outside Docker: the files it COPYs from the build context are copied into an empty
directory, and its `uv sync` commands run there, exactly as written. What lands in the
virtual environment is what the image gets. Every check runs for each service.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest

from devstack.__main__ import SERVICES

REPO = Path(__file__).resolve().parents[2]
DOCKERFILES = REPO / "deploy" / "docker"
DOCKERFILE = DOCKERFILES / "service.Dockerfile"
NAMES = [d.name for d in SERVICES]
DEV_TOOLS = {"pytest", "ruff", "hypothesis", "import-linter", "kubernetes-validate", "httpx"}
"""Development dependencies of the workspace that no image may contain (httpx: tests only)."""


def built(name: str, deploy) -> list[dockerfile.Command]:
    """The Dockerfile as `docker build --build-arg SERVICE=<name>` reads it."""
    return deploy.dockerfile_built({"SERVICE": name}, DOCKERFILE)


def stages(commands: list[dockerfile.Command]) -> list[list[dockerfile.Command]]:
    found: list[list[dockerfile.Command]] = []
    for command in commands:
        if command.cmd == "FROM":
            found.append([])
        if found:
            found[-1].append(command)
    return found


def test_there_is_one_dockerfile_for_every_service_and_no_other():
    assert sorted(p.name for p in DOCKERFILES.glob("*Dockerfile*")) == [
        "service.Dockerfile",
        "service.Dockerfile.dockerignore",
    ]


INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
    "LABEL", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}  # fmt: skip


def problems(commands: list[dockerfile.Command]) -> list[str]:
    """What BuildKit's line parser lets through but a build would refuse."""
    found = []
    for command in commands:
        if command.cmd not in INSTRUCTIONS:
            found.append(f"line {command.start_line}: unknown instruction {command.cmd}")
        elif command.cmd != "HEALTHCHECK" and not any(command.value):
            found.append(f"line {command.start_line}: {command.cmd} without arguments")
        elif command.cmd in ("CMD", "ENTRYPOINT") and not command.json:
            found.append(f"line {command.start_line}: {command.cmd} not in exec (JSON) form")
    return found


def test_a_broken_dockerfile_is_refused():
    with pytest.raises(dockerfile.GoParseError):
        dockerfile.parse_string("FROM python:3.11-slim\nENV ONLY_A_NAME\n")
    with pytest.raises(dockerfile.GoParseError):
        dockerfile.parse_string("FROM python:3.11-slim\nRUN <<EOF\nunterminated\n")
    lenient = dockerfile.parse_string('FROM x\nCOPYY a b\nENTRYPOINT ["a", \nCOPY\n')
    assert len(problems(list(lenient))) == 3


@pytest.mark.parametrize("name", NAMES)
def test_the_dockerfile_parses(name, deploy):
    commands = built(name, deploy)
    assert commands[0].cmd == "ARG" or commands[0].cmd == "FROM"
    assert problems(commands) == []


@pytest.mark.parametrize("name", NAMES)
def test_the_build_argument_names_the_service_in_every_stage_that_uses_it(name, deploy):
    """An ARG is seen only by the stage that declares it: one left out would build the
    wrong image (an empty name), not fail to parse."""
    raw = list(dockerfile.parse_file(str(DOCKERFILE)))
    declared = [c.value for c in raw if c.cmd == "ARG" and c.value[0].startswith("SERVICE")]
    assert set(declared) == {("SERVICE",)}, "no default: a build without the argument fails"
    commands = built(name, deploy)
    for command in commands:
        if command.cmd in deploy.EXPANDED:
            unresolved = re.findall(r"\$\{?SERVICE\b", " ".join(command.value))
            assert unresolved == [], f"line {command.start_line}: SERVICE out of scope"
    runtime = stages(commands)[-1]
    environment = {}
    for command in (c for c in runtime if c.cmd == "ENV"):
        environment.update(zip(command.value[::2], command.value[1::2], strict=True))
    assert environment["SERVICE"] == name


@pytest.mark.parametrize("name", NAMES)
def test_the_dockerfile_is_multi_stage_slim_non_root_with_a_health_check(name, deploy, tmp_path):
    commands = built(name, deploy)
    assert commands, "empty Dockerfile"
    froms = [c for c in commands if c.cmd == "FROM"]
    assert len(froms) >= 3  # uv, build, runtime
    args = dict(c.value[0].split("=", 1) for c in commands if c.cmd == "ARG" and "=" in c.value[0])
    assert args["PYTHON_IMAGE"].startswith("python:3.11-slim")
    runtime = stages(commands)[-1]
    assert runtime[0].value == (args["PYTHON_IMAGE"], "AS", "runtime")
    [user] = [c for c in runtime if c.cmd == "USER"]
    uid = user.value[0].split(":")[0]
    assert uid.isdigit(), "a numeric user, which runAsNonRoot can check"
    assert int(uid) >= 10000, "not root, not a system user"
    [healthcheck] = [c for c in runtime if c.cmd == "HEALTHCHECK"]
    assert healthcheck.value == ("CMD", "python", "-m", "chassis.healthcheck")
    assert healthcheck.json
    [entrypoint] = [c for c in runtime if c.cmd == "ENTRYPOINT"]
    assert entrypoint_runs(entrypoint.value, runtime, tmp_path) == ["python", "-m", name, "serve"]
    assert [c.value for c in runtime if c.cmd == "CMD"] == [("serve",)]
    assert [c.value for c in runtime if c.cmd == "EXPOSE"] == [("8000",)]
    env = " ".join(" ".join(c.value) for c in runtime if c.cmd == "ENV")
    assert "HTTP_PORT 8000" in env
    # The runtime stage takes the virtual environment only: no source tree, no uv.
    copies = [c for c in runtime if c.cmd == "COPY"]
    assert [(c.flags, c.value) for c in copies] == [
        (("--from=build",), ("/app/.venv", "/app/.venv"))
    ]


def entrypoint_runs(
    entrypoint: tuple[str, ...], runtime: list[dockerfile.Command], tmp_path: Path
) -> list[str]:
    """What the container starts, ENTRYPOINT then CMD, with the image's ENV, and a
    stand-in `python` that prints its arguments. It must be the process the container
    runtime started (PID 1 in the container), so that it receives the stop signal."""
    stub = tmp_path / "bin" / "python"
    stub.parent.mkdir(exist_ok=True)
    stub.write_text('#!/bin/sh\necho "$$"\nfor argument in "$@"; do echo "$argument"; done\n')
    stub.chmod(0o755)
    environment = {}
    for command in (c for c in runtime if c.cmd == "ENV"):
        environment.update(zip(command.value[::2], command.value[1::2], strict=True))
    environment["PATH"] = f"{stub.parent}:/usr/bin:/bin"  # the image's own is not here
    [cmd] = [c.value for c in runtime if c.cmd == "CMD"]
    process = subprocess.Popen(
        [*entrypoint, *cmd], env=environment, stdout=subprocess.PIPE, text=True
    )
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    pid, *arguments = output.splitlines()
    assert int(pid) == process.pid, "python is not exec'd: a shell stays between it and signals"
    return ["python", *arguments]


def test_the_entrypoint_check_is_real(tmp_path):
    runtime = list(dockerfile.parse_string('FROM x\nENV SERVICE=accounts\nCMD ["serve"]\n'))
    run = ("/bin/sh", "-c", 'python -m "$SERVICE" "$@"; exit $?', "entrypoint")  # no exec
    with pytest.raises(AssertionError, match="not exec"):
        entrypoint_runs(run, runtime, tmp_path)
    run = ("/bin/sh", "-c", 'exec python -m "$SERVICE"', "entrypoint")  # CMD dropped
    assert entrypoint_runs(run, runtime, tmp_path) == ["python", "-m", "accounts"]


@pytest.mark.parametrize("name", NAMES)
def test_the_build_context_leaves_out_secrets_and_local_environments(name, deploy):
    ignore = DOCKERFILES / "service.Dockerfile.dockerignore"  # BuildKit's per-Dockerfile file
    patterns = {
        line.strip()
        for line in ignore.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"**/.venv", ".git", "deploy/.env", "deploy/k8s/overlays/*/secrets"} <= patterns
    steps, _ = build_stage_syncs(built(name, deploy))
    copied = [source for source, _ in steps if source != "RUN"]
    for pattern in patterns:  # nothing the build needs is ignored
        assert not any(Path(source).match(pattern) for source in copied), pattern


def build_stage_syncs(
    commands: list[dockerfile.Command],
) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The build stage's COPYs from the context and its `uv sync` commands, in order."""
    [build] = [s for s in stages(commands) if s[0].value[-1] == "build"]
    steps: list[tuple[str, str]] = []
    syncs: list[list[str]] = []
    for command in build:
        if command.cmd == "COPY" and not any(f.startswith("--from") for f in command.flags):
            *sources, destination = command.value
            steps += [(source, destination) for source in sources]
        if command.cmd == "RUN" and "uv sync" in command.value[0]:
            syncs.append(shlex.split(command.value[0]))
            steps.append(("RUN", str(len(syncs) - 1)))
    return steps, syncs


@pytest.mark.parametrize("name", NAMES)
def test_the_uv_commands_install_from_the_lock_one_package_without_dev_dependencies(name, deploy):
    _, syncs = build_stage_syncs(built(name, deploy))
    assert len(syncs) == 2
    for sync in syncs:
        assert sync[:2] == ["uv", "sync"]
        assert {"--locked", "--no-dev"} <= set(sync)
        assert sync[sync.index("--package") + 1] == name
    assert "--no-install-workspace" in syncs[0]
    assert "--no-editable" in syncs[1]


@pytest.mark.parametrize("name", NAMES)
def test_the_build_stage_replayed_installs_only_this_service(name, tmp_path, deploy):
    steps, syncs = build_stage_syncs(built(name, deploy))
    app = tmp_path / "app"  # WORKDIR /app
    app.mkdir()
    environment = {
        **os.environ,
        "UV_PYTHON": sys.executable,  # the image's python3.11; here, this one
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_LINK_MODE": "hardlink",
        "UV_COMPILE_BYTECODE": "0",  # same packages, less time
        "VIRTUAL_ENV": "",
    }
    environment.pop("UV_PROJECT_ENVIRONMENT", None)
    for source, destination in steps:
        if source == "RUN":
            sync = syncs[int(destination)]
            result = subprocess.run(
                sync, cwd=app, env=environment, capture_output=True, text=True, timeout=300
            )
            assert result.returncode == 0, f"{shlex.join(sync)}:\n{result.stderr[-3000:]}"
            continue
        origin = REPO / source
        target = app / destination if not destination.startswith("/") else Path(destination)
        if destination.endswith("/") or destination in ("./", "."):
            target = target / origin.name if origin.is_file() else target
        if origin.is_dir():
            shutil.copytree(
                origin,
                target,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc"),
            )
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(origin, target)

    python = app / ".venv" / "bin" / "python"
    listing = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m, json, sys; "
            "print(json.dumps(sorted(d.metadata['Name'].lower() for d in m.distributions())))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", "")},
    )
    assert listing.returncode == 0, listing.stderr
    installed = set(__import__("json").loads(listing.stdout))
    assert {name, "chassis", "contracts"} <= installed
    others = (set(NAMES) - {name}) | {"devstack", "training-platform"}
    assert installed & others == set(), "another service is in this image"
    assert installed & DEV_TOOLS == set(), "a development tool is in this image"

    # Installed as a wheel, not as a link to the sources: every file of the package
    # (migrations, templates, ...) is in site-packages.
    site = next((app / ".venv" / "lib").glob("python3.*/site-packages"))
    package = REPO / "services" / name / name
    expected = {
        p.relative_to(package)
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    shipped = {p.relative_to(site / name) for p in (site / name).rglob("*") if p.is_file()}
    assert expected - shipped == set()
    assert (site / name / "migrations" / "env.py").is_file()
    assert not list(site.glob(f"__editable__*{name}*")), "installed editable"


def test_make_images_builds_each_service_from_the_one_dockerfile_as_compose_names_it(compose):
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        [make, "--dry-run", "images"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.replace("\\\n", " ").splitlines()
    builds = [shlex.split(line) for line in lines if line.startswith("docker build")]
    assert builds == [
        ["docker", "build", "-f", "deploy/docker/service.Dockerfile", "--build-arg",
         f"SERVICE={name}", "-t", compose["services"][name]["image"], "."]
        for name in [*NAMES, "portal"]
    ]  # fmt: skip
