"""Each service runs on its own, as its container will: migrate, serve, stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from accounts.adapters.signing import generate_key_pair

SERVICES = ["accounts", "enrollment", "incompany", "billing", "notifications"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.broker
@pytest.mark.parametrize("service", SERVICES)
def test_a_service_migrates_serves_and_stops_gracefully(service, tmp_path, rabbitmq_url):
    private, public = generate_key_pair()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": "",  # SQLite under DATA_DIR: this test is about the process
        "DATA_DIR": str(tmp_path),
        "RABBITMQ_URL": rabbitmq_url,
        "JWT_PUBLIC_KEY": public,
        "ACCOUNTS_JWT_PRIVATE_KEY": private,
        "HTTP_PORT": str(port),
        "LOG_FORMAT": "json",
    }
    migrate = subprocess.run(
        [sys.executable, "-m", service, "migrate"], env=env, capture_output=True, timeout=60
    )
    assert migrate.returncode == 0, migrate.stderr.decode()[-2000:]

    process = subprocess.Popen(
        [sys.executable, "-m", service, "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code
            except httpx.TransportError:
                status = None
            if status == 200:
                break
            time.sleep(0.1)
        assert status == 200, f"{service} did not become ready"
        assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    # Uvicorn re-raises SIGTERM once its graceful shutdown is done: exit 143 (-15 here).
    assert process.returncode in (0, -signal.SIGTERM), stderr.decode()[-2000:]
    assert b'"service stopped"' in stderr
    assert b'"Application shutdown complete."' in stderr
