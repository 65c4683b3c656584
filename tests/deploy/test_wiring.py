"""Compose, Kubernetes, the gateways and Prometheus agree with what the services read.

- Routes: `make run`'s prefixes (deploy/devstack) = the nginx gateway's locations =
  the Ingress paths of every kustomization = Prometheus' jobs; each leads to the
  service of that name on the port it listens on.
- Environment: every variable given to a service in compose or Kubernetes is a
  setting of that service (introspected from its settings class: `<NAME>` or
  `<SERVICE>_<NAME>`), and the whole environment, as the container will see it,
  loads into valid settings with the right prefix, port, database and broker.
- Each service answers under its prefix when the gateway passes the path on as is.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import crossplane
import dotenv
import httpx
import pytest
import yaml
from cryptography.fernet import Fernet
from yarl import URL

from chassis.sealing import new_key
from chassis.service import create_app
from chassis.settings import ServiceSettings, load_settings
from chassis.tokens import load_public_keys
from devstack.__main__ import SERVICES
from portal.settings import PortalSettings

REPO = Path(__file__).resolve().parents[2]
NAMES = [d.name for d in SERVICES]
K8S = REPO / "deploy" / "k8s"
TARGETS = ["base", *sorted(f"overlays/{p.name}" for p in (K8S / "overlays").iterdir())]
PREFIXES = {f"/{name}" for name in NAMES}
PORTAL = "portal"
"""The web pages (services/portal): every path no service's prefix takes, `/`."""

NOT_SETTINGS = {
    "FORWARDED_ALLOW_IPS": "uvicorn: the proxies whose X-Forwarded-* headers it trusts",
    "PATH": "the image's virtual environment",
    "PYTHONDONTWRITEBYTECODE": "Python itself",
    "PYTHONUNBUFFERED": "Python itself",
    "SERVICE": "the image's entry point: python -m $SERVICE (deploy/docker/service.Dockerfile)",
}
"""Variables that are meant for something else than the service's settings."""


def definition(name: str):
    return next(d for d in SERVICES if d.name == name)


def setting_names(name: str) -> set[str]:
    """The variables the service reads: `<NAME>` and `<SERVICE>_<NAME>` for each setting."""
    fields = [f for f in definition(name).settings_class.model_fields if f != "service_name"]
    return {f.upper() for f in fields} | {f"{name.upper()}_{f.upper()}" for f in fields}


def image_environment(name: str, deploy) -> dict[str, str]:
    """ENV of the service's image's runtime stage (what a container starts with)."""
    commands = deploy.dockerfile_built({"SERVICE": name})
    last_from = max(i for i, c in enumerate(commands) if c.cmd == "FROM")
    environment: dict[str, str] = {}
    for command in commands[last_from:]:
        if command.cmd == "ENV":
            pairs = command.value
            environment.update(dict(zip(pairs[::2], pairs[1::2], strict=True)))
    return environment


def check_names(name: str, variables: set[str], where: str, expanded: set[str] = frozenset()):
    unknown = variables - setting_names(name) - set(NOT_SETTINGS) - expanded
    assert unknown == set(), f"{where}: {name} does not read {sorted(unknown)}"


def check_settings(name: str, environment: dict[str, str], where: str) -> ServiceSettings:
    settings = load_settings(definition(name).settings_class, name, environ=environment)
    assert settings.root_path == f"/{name}", where
    assert settings.http_port == 8000, where
    assert settings.http_host == "0.0.0.0", where  # noqa: S104 -- inside a container
    assert settings.log_format == "json", where
    assert settings.sqlalchemy_url().startswith("postgresql+asyncpg://"), where
    assert settings.jwt_public_key is not None, where
    assert load_public_keys(settings.jwt_public_key.get_secret_value()), where
    if name == "accounts":
        assert settings.jwt_private_key is not None, where  # type: ignore[attr-defined]
    return settings


# --- routes -------------------------------------------------------------------------------------


def nginx_routes(tmp_path: Path) -> dict[str, tuple[str, int]]:
    """{location prefix: (host, port)} of deploy/nginx/gateway.conf, parsed as nginx would
    (inside `http {}`, with every directive checked for its context and arguments)."""
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"events {{}}\nhttp {{\n    include {REPO / 'deploy/nginx/gateway.conf'};\n}}\n"
    )
    parsed = crossplane.parse(str(main), strict=True, check_ctx=True, check_args=True)
    assert parsed["status"] == "ok", parsed["errors"]
    [gateway] = [c for c in parsed["config"] if c["file"].endswith("gateway.conf")]
    upstreams = {
        d["args"][0]: next(s["args"][0] for s in d["block"] if s["directive"] == "server")
        for d in gateway["parsed"]
        if d["directive"] == "upstream"
    }
    [server] = [d for d in gateway["parsed"] if d["directive"] == "server"]
    routes = {}
    for location in (d for d in server["block"] if d["directive"] == "location"):
        if len(location["args"]) != 1:
            continue  # `= /exact` and `~ regex` locations are not routes to a service
        proxy = [d for d in location["block"] if d["directive"] == "proxy_pass"]
        if not proxy:
            continue
        upstream = proxy[0]["args"][0].removeprefix("http://")
        assert "/" not in upstream, "the path must go through unchanged: no URI on proxy_pass"
        host, port = upstreams[upstream].rsplit(":", 1)
        routes[location["args"][0].rstrip("/")] = (host, int(port))
    return routes


def test_the_nginx_gateway_routes_each_prefix_to_its_service_and_port(compose, tmp_path):
    routes = nginx_routes(tmp_path)
    assert set(routes) == PREFIXES | {""}  # `location /`, read without its slash
    for prefix, (host, port) in routes.items():
        name = prefix.lstrip("/") or PORTAL
        assert host == name
        assert int(compose["services"][name]["environment"]["HTTP_PORT"]) == port
    assert compose["services"]["gateway"]["volumes"][0].startswith("./nginx/gateway.conf:")


def test_the_nginx_check_is_real(tmp_path):
    broken = tmp_path / "broken.conf"
    broken.write_text("events {}\nhttp {\n    server {\n        proxy_pass http://x;\n    }\n}\n")
    parsed = crossplane.parse(str(broken), strict=True, check_ctx=True, check_args=True)
    assert parsed["status"] == "failed"


@pytest.mark.parametrize("target", TARGETS)
def test_the_ingress_routes_each_prefix_to_its_service_and_container_port(target, rendered, deploy):
    docs = rendered[target]
    [ingress] = deploy.of_kind(docs, "Ingress")
    [platform] = [
        c for c in deploy.of_kind(docs, "ConfigMap") if c["metadata"]["name"].startswith("platform")
    ]
    http_port = int(platform["data"]["HTTP_PORT"])
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert {p["path"] for p in paths} == PREFIXES | {"/"}
    for path in paths:
        assert path["pathType"] == "Prefix"
        name = path["path"].lstrip("/") or PORTAL
        backend = path["backend"]["service"]
        assert backend["name"] == name
        service = deploy.named(docs, "Service", name)
        [port] = [p for p in service["spec"]["ports"] if p["name"] == backend["port"]["name"]]
        deployment = deploy.named(docs, "Deployment", name)
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports[port["targetPort"]] == http_port
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            assert ports[container[probe]["httpGet"]["port"]] == http_port
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert int(annotations["prometheus.io/port"]) == http_port


def test_prometheus_scrapes_every_service_on_its_port(compose):
    config = yaml.safe_load((REPO / "deploy" / "prometheus" / "prometheus.yml").read_text())
    jobs = {
        job["job_name"]: job["static_configs"][0]["targets"] for job in config["scrape_configs"]
    }
    for name in NAMES:
        port = compose["services"][name]["environment"]["HTTP_PORT"]
        assert jobs[name] == [f"{name}:{port}"]
    assert set(jobs) - set(NAMES) <= {"rabbitmq"}


@pytest.mark.parametrize("name", NAMES)
async def test_the_service_answers_under_its_prefix_as_the_gateway_passes_it(name, tmp_path):
    settings = load_settings(
        definition(name).settings_class, name, environ={}, root_path=f"/{name}", data_dir=tmp_path
    )
    app = create_app(definition(name), settings)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            assert (await client.get(f"/{name}/health/live")).status_code == 200
            docs = await client.get(f"/{name}/docs")
            assert docs.status_code == 200
            assert f"/{name}/openapi.json" in docs.text
            assert (await client.get(f"/{name}/openapi.json")).status_code == 200
            # Probes and Prometheus call the pod directly, without the prefix.
            assert (await client.get("/health/live")).status_code == 200
            assert (await client.get("/metrics")).status_code == 200
    finally:
        await app.state.runtime.db.dispose()


# --- environment --------------------------------------------------------------------------------


def compose_environment(compose: dict[str, Any], service: str, tmp_path: Path) -> dict[str, str]:
    """The service's environment in compose, interpolated with a freshly generated .env."""
    import subprocess
    import sys

    env_file = tmp_path / ".env"
    if not env_file.exists():
        subprocess.run(
            [sys.executable, str(REPO / "deploy" / "compose_env.py"), "--path", str(env_file)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    values = {k: v or "" for k, v in dotenv.dotenv_values(env_file).items()}

    def interpolate(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            variable, default = match.group(1), match.group(3)
            if variable in values:
                return values[variable]
            assert default is not None, f"${{{variable}}} has no value and no default"
            return default

        return re.sub(r"\$\{([A-Z0-9_]+)(:?[-?])?([^}]*)?\}", one, text)

    raw = compose["services"][service]["environment"]
    return {key: interpolate(str(value)) for key, value in raw.items()}


@pytest.mark.parametrize("name", NAMES)
def test_compose_gives_each_service_only_settings_it_reads_and_valid_ones(
    name, compose, tmp_path, deploy
):
    environment = compose_environment(compose, name, tmp_path)
    check_names(name, set(environment), "compose")
    migrate = compose_environment(compose, f"{name}-migrate", tmp_path)
    check_names(name, set(migrate), "compose migrate")
    assert migrate["DATABASE_URL"] == environment["DATABASE_URL"]
    image = image_environment(name, deploy)
    check_names(name, set(image), "Dockerfile ENV")
    settings = check_settings(name, {**image, **environment}, "compose")
    database = URL(settings.sqlalchemy_url())
    assert (database.host, database.user, database.path) == ("postgres", name, f"/{name}")
    broker = URL(settings.rabbitmq_url.get_secret_value())
    assert broker.host == "rabbitmq"
    assert broker.user == compose["services"]["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_USER"]
    if name == "notifications":
        assert settings.smtp_host == "mailpit"  # type: ignore[attr-defined]
        assert settings.smtp_port == 1025  # type: ignore[attr-defined]  # Mailpit's SMTP port


def kubernetes_environment(
    docs, name: str, deploy, *, complete: bool
) -> tuple[dict[str, str], set[str]]:
    """The container's environment as the kubelet builds it; and the names only used
    inside other values as $(NAME). `complete`: every Secret must be rendered (an overlay)."""
    deployment = deploy.named(docs, "Deployment", name)
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    config_maps = {
        c["metadata"]["name"]: c.get("data", {}) for c in deploy.of_kind(docs, "ConfigMap")
    }
    secrets = {
        s["metadata"]["name"]: {
            k: base64.b64decode(v).decode() for k, v in s.get("data", {}).items()
        }
        for s in deploy.of_kind(docs, "Secret")
    }
    operator_made = {
        f"{name}-db-app": {"uri": f"postgresql://{name}:secret@{name}-db-rw:5432/{name}"},
        "rabbitmq-default-user": {"username": "default_user_x", "password": "pw-x"},
    }
    environment = dict(image_environment(name, deploy))
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            environment.update(config_maps[source["configMapRef"]["name"]])
        elif source["secretRef"]["name"] in secrets:
            environment.update(secrets[source["secretRef"]["name"]])
        else:  # the base has no Secret values: the operator's key pair stands in
            assert not complete, source
            environment["JWT_PUBLIC_KEY"] = deploy.ed25519_pem_pair()[1]
    referenced: set[str] = set()
    for variable in container.get("env", []):
        if "value" in variable:
            value = variable["value"]
            for inner in re.findall(r"\$\(([A-Z0-9_]+)\)", value):
                referenced.add(inner)
                value = value.replace(f"$({inner})", environment[inner])
            environment[variable["name"]] = value
            continue
        ref = variable["valueFrom"]["secretKeyRef"]
        store = secrets.get(ref["name"]) or operator_made.get(ref["name"])
        if store is None:
            assert ref.get("optional") or not complete, ref
            store = {}
        if ref["key"] in store:
            environment[variable["name"]] = store[ref["key"]]
        elif ref["name"] == "token-signing-key" and not complete:  # base: a stand-in key
            environment[variable["name"]] = deploy.ed25519_pem_pair()[0]
        elif ref["name"] == "link-sealing-keys" and not complete:  # base: a stand-in key
            environment[variable["name"]] = new_key()
        else:
            assert ref.get("optional"), ref
    return environment, referenced


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", NAMES)
def test_kubernetes_gives_each_service_only_settings_it_reads_and_valid_ones(
    name, target, rendered, deploy
):
    environment, expanded = kubernetes_environment(
        rendered[target], name, deploy, complete=target != "base"
    )
    check_names(name, set(environment), f"{target} Deployment", expanded)
    settings = check_settings(name, environment, target)
    database = URL(settings.sqlalchemy_url())
    assert (database.host, database.path) == (f"{name}-db-rw", f"/{name}")
    assert URL(settings.rabbitmq_url.get_secret_value()).host == "rabbitmq"
    job = deploy.named(rendered[target], "Job", f"{name}-migrate")
    [migrate] = job["spec"]["template"]["spec"]["containers"]
    check_names(name, {v["name"] for v in migrate["env"]}, f"{target} Job")


def portal_setting_names() -> set[str]:
    fields = [f for f in PortalSettings.model_fields if f != "service_name"]
    return {f.upper() for f in fields} | {f"PORTAL_{f.upper()}" for f in fields}


def test_compose_gives_the_portal_only_settings_it_reads_and_valid_ones(compose, deploy):
    environment = {
        name: str(value) for name, value in compose["services"][PORTAL]["environment"].items()
    }
    assert set(environment) - portal_setting_names() - set(NOT_SETTINGS) == set()
    environment["SESSION_KEYS"] = Fernet.generate_key().decode()  # from deploy/.env
    settings = load_settings(
        PortalSettings, PORTAL, environ={**image_environment(PORTAL, deploy), **environment}
    )
    assert settings.api_base_url == "http://gateway:8080"  # the gateway, never a service
    assert settings.http_port == 8000
    assert compose["services"]["gateway"]["depends_on"][PORTAL]["condition"] == "service_healthy"


@pytest.mark.parametrize("target", TARGETS)
def test_kubernetes_gives_the_portal_only_settings_it_reads_and_no_database(
    target, rendered, deploy
):
    docs = rendered[target]
    deployment = deploy.named(docs, "Deployment", PORTAL)
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    assert "env" not in container  # no DATABASE_URL, no RABBITMQ_*: it calls the APIs only
    names = {ref["configMapRef"]["name"] for ref in container["envFrom"] if "configMapRef" in ref}
    variables: dict[str, str] = {}
    for config_map in deploy.of_kind(docs, "ConfigMap"):
        if config_map["metadata"]["name"] in names:
            variables.update(config_map.get("data", {}))
    assert set(variables) - portal_setting_names() - set(NOT_SETTINGS) == set()
    assert variables["API_BASE_URL"].startswith(("http://", "https://"))
    assert variables["SECURE_COOKIES"] == "true"
    [secret] = [ref["secretRef"]["name"] for ref in container["envFrom"] if "secretRef" in ref]
    assert secret.startswith("portal-session-keys")  # its only secret: no token key
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert ("Job", "portal-migrate") not in kinds
    assert ("Cluster", "portal-db") not in kinds
