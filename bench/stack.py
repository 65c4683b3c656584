"""The system under test: the five services as processes on fresh databases, behind the gateway.

Everything is the production program: `python -m <service> serve` per service
(settings from the environment, as in a container), the real RabbitMQ and
PostgreSQL of the machine, and nginx with the gateway configuration of
`deploy/nginx/gateway.conf`, its upstreams pointed at the local ports. The
services, the gateway and the baselines run on the cores in `SYSTEM_CPUS`;
the benchmark itself (the load generator) on `LOAD_CPUS`, so the load it
makes does not take CPU from what it measures. RabbitMQ and PostgreSQL are
the machine's services and float over both cores, as they would on their
own nodes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path

import aio_pika
import asyncpg
import httpx
from yarl import URL

from accounts.adapters.signing import generate_key_pair
from chassis.clock import SystemClock
from chassis.migrations import upgrade
from contracts import QUEUES
from devstack.__main__ import SERVICES, process_environment
from testkit.processes import ServiceProcess, free_port, wait_ready
from testkit.services import reset_queues
from testkit.tokens import TokenMinter

ROOT = Path(__file__).resolve().parent.parent
GATEWAY_CONF = ROOT / "deploy" / "nginx" / "gateway.conf"


def _cores() -> tuple[set[int], set[int]]:
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return set(available), set(available)
    return {available[0]}, set(available[1:])


SYSTEM_CPUS, LOAD_CPUS = _cores()


def pin_load_generator() -> None:
    """Run this process (and the threads it starts from now on) on the load cores."""
    os.sched_setaffinity(0, LOAD_CPUS)


def move_process(pid: int, cpus: set[int]) -> None:
    """Move every thread of a running process to `cpus`."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            os.sched_setaffinity(int(task.name), cpus)


class Stack:
    """Fresh databases, the five services, the REST baselines' apps, and nginx in front."""

    def __init__(self, *, rabbitmq_url: str, postgres_url: str, workdir: Path) -> None:
        self.rabbitmq_url = rabbitmq_url
        self.postgres_url = str(URL(postgres_url).with_scheme("postgresql"))
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.databases: dict[str, str] = {}  # name -> postgresql:// URL
        self.processes: dict[str, ServiceProcess] = {}
        self.private_key, self.public_key = generate_key_pair()
        self.minter = TokenMinter(SystemClock(), private_key_pem=self.private_key)
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))
        self.gateway_port = free_port()
        self.gateway_url = f"http://127.0.0.1:{self.gateway_port}"
        self._nginx: subprocess.Popen[bytes] | None = None
        self.env: dict[str, str] = {}

    # --- databases ------------------------------------------------------------------------

    async def create_database(self, name: str) -> str:
        database = f"bench_{name}_{uuid.uuid4().hex[:12]}"
        connection = await asyncpg.connect(self.postgres_url)
        try:
            await connection.execute(f'CREATE DATABASE "{database}"')
        finally:
            await connection.close()
        url = str(URL(self.postgres_url).with_path(f"/{database}"))
        self.databases[name] = url
        return url

    async def drop_databases(self) -> None:
        connection = await asyncpg.connect(self.postgres_url)
        try:
            for url in self.databases.values():
                name = URL(url).path.lstrip("/")
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    @staticmethod
    def sqlalchemy_url(url: str) -> str:
        return str(URL(url).with_scheme("postgresql+asyncpg"))

    # --- processes ------------------------------------------------------------------------

    async def start(self) -> None:
        await reset_queues(self.rabbitmq_url)
        self.env = {
            **os.environ,
            **process_environment(self.rabbitmq_url, self.private_key, self.public_key),
            "LOG_LEVEL": "INFO",
            "ENROLLMENT_OVERDUE_SCAN_SECONDS": "3600",
            "INCOMPANY_DEADLINE_POLL_SECONDS": "1",
        }
        for definition in SERVICES:
            url = await self.create_database(definition.name)
            await asyncio.to_thread(upgrade, definition.migrations, self.sqlalchemy_url(url))
        for definition in SERVICES:
            self.processes[definition.name] = self._service_process(definition.name)
        bare_url = await self.create_database("bare")
        self.processes["bare"] = ServiceProcess(
            "bare",
            1,
            {**self.env, "DATABASE_URL": self.sqlalchemy_url(bare_url), "ROOT_PATH": "/bare"},
            self.logs,
            argv=[sys.executable, "-m", "bench.bare_app"],
            cpus=SYSTEM_CPUS,
        )
        minimal_url = await self.create_database("minimal")
        self.processes["minimal"] = ServiceProcess(
            "minimal",
            1,
            {**self.env, "MINIMAL_DATABASE_URL": minimal_url, "ROOT_PATH": "/minimal"},
            self.logs,
            argv=[sys.executable, "-m", "bench.minimal_app"],
            cpus=SYSTEM_CPUS,
        )
        await wait_ready(list(self.processes.values()), self.http, timeout=120)
        self._start_gateway()
        await self._wait_gateway()

    def _service_process(
        self, name: str, index: int = 1, cpus: set[int] | None = None
    ) -> ServiceProcess:
        env = {
            **self.env,
            "DATABASE_URL": self.sqlalchemy_url(self.databases[name]),
            "DATA_DIR": str(self.workdir / name),
            "ROOT_PATH": f"/{name}",
        }
        return ServiceProcess(name, index, env, self.logs, cpus=cpus or SYSTEM_CPUS)

    async def add_instance(self, name: str, cpus: set[int]) -> ServiceProcess:
        """A second instance of a service on its database, pinned to `cpus`, once ready."""
        process = self._service_process(name, 2, cpus)
        self.processes[f"{name}#2"] = process
        await wait_ready([process], self.http, timeout=120)
        return process

    def services(self) -> list[ServiceProcess]:
        return [self.processes[definition.name] for definition in SERVICES]

    async def restart(self, name: str, *, cpus: set[int] | None = None) -> float:
        """Stop a service, start it again (on `cpus`); seconds until it answered ready."""
        process = self.processes[name]
        if process.running:
            process.stop()
        process.cpus = cpus or SYSTEM_CPUS
        process.start()
        return await wait_ready([process], self.http, timeout=120)

    def _start_gateway(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit(
                "nginx is not installed: the benchmark puts the gateway of "
                "deploy/nginx/gateway.conf in front of the services "
                "(Debian: apt-get install nginx-light)"
            )
        directory = self.workdir / "nginx"
        directory.mkdir(exist_ok=True)
        ports = {name: p.port for name, p in self.processes.items()}
        (directory / "gateway.conf").write_text(gateway_config(ports, self.gateway_port))
        (directory / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/gateway.conf;
}}
"""
        )
        cpus = SYSTEM_CPUS
        self._nginx = subprocess.Popen(  # noqa: S603 (the machine's nginx, our config)
            [nginx, "-p", str(directory), "-c", str(directory / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=(directory / "stderr.log").open("wb"),
            preexec_fn=lambda: os.sched_setaffinity(0, cpus),
        )

    async def _wait_gateway(self) -> None:
        for _ in range(100):
            with contextlib.suppress(httpx.TransportError):
                answer = await self.http.get(f"{self.gateway_url}/enrollment/health/ready")
                if answer.status_code == 200:
                    return
            if self._nginx is not None and self._nginx.poll() is not None:
                log = (self.workdir / "nginx" / "error.log").read_text(errors="replace")
                raise RuntimeError(f"nginx exited: {log[-2000:]}")
            await asyncio.sleep(0.1)
        raise TimeoutError("the gateway never answered")

    async def stop(self) -> None:
        if self._nginx is not None and self._nginx.poll() is None:
            self._nginx.terminate()
            self._nginx.wait(timeout=10)
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            if process.process is not None:
                process.stop()
        await self.http.aclose()
        with contextlib.suppress(Exception):
            await reset_queues(self.rabbitmq_url)
        await self.drop_databases()

    # --- readings -------------------------------------------------------------------------

    async def dead_lettered(self) -> dict[str, int]:
        """Messages in the dead-letter queues: a benchmark that loses work measures nothing."""
        found = {}
        connection = await aio_pika.connect(self.rabbitmq_url)
        async with connection:
            channel = await connection.channel()
            for queue in QUEUES:
                declared = await channel.declare_queue(queue.dead_letter_queue, passive=True)
                if declared.declaration_result.message_count:
                    found[queue.dead_letter_queue] = declared.declaration_result.message_count
        return found

    def cpu_seconds(self, names: Iterable[str] | None = None) -> dict[str, float]:
        chosen = names or [p.service for p in self.services()]
        return {name: self.processes[name].cpu_seconds() for name in chosen}


BASELINES = ("bare", "minimal")
"""The REST baselines' apps, served by the gateway under /bare/ and /minimal/."""


def gateway_config(ports: dict[str, int], listen_port: int) -> str:
    """deploy/nginx/gateway.conf with its upstreams on local ports, plus the baselines."""
    text = GATEWAY_CONF.read_text()
    for name, port in ports.items():
        text = text.replace(f"server {name}:8000;", f"server 127.0.0.1:{port};")
    # The portal's pages are not measured: its upstream points at the discard port, so
    # nginx starts without a `portal` host (a request to `/` would answer 502).
    text = text.replace("server portal:8000;", "server 127.0.0.1:9;")
    text = re.sub(r"listen 8080;", f"listen 127.0.0.1:{listen_port};", text)
    for name in (n for n in BASELINES if n in ports):
        text = text.replace(
            "server {",
            f"upstream {name} {{\n    server 127.0.0.1:{ports[name]};\n    keepalive 16;\n}}\n\n"
            "server {",
            1,
        )
        text = text.replace(
            "    location /accounts/ {",
            f"    location /{name}/ {{\n        proxy_pass http://{name};\n    }}\n\n"
            "    location /accounts/ {",
            1,
        )
    if re.search(r"server [a-z]+:8000;", text):
        raise RuntimeError("an upstream of gateway.conf was left unmapped")
    return text
