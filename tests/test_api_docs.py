"""docs/API.md's curl examples of "Authentication", "Sessions and refresh" and "Test clocks"
work as written.

Accounts is served over real HTTP under the gateway's prefix (`/accounts`), and
every `sh` block of those sections runs in order, in bash with `curl` and
`jq`, as a client would type it. The one value a reader takes from an email,
the confirmation link's token, is given to the block that asks for `$TOKEN`.
The test clocks' examples run on a deployment started with test clocks, whose
first admin the operator's command made (`admin@example.com`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.routing import Mount

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from accounts.settings import AccountsSettings
from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.sealing import LinkSealer, new_key
from testkit.services import running_service, wait_until
from testkit.tokens import key_pair

API_MD = Path(__file__).resolve().parents[1] / "docs" / "API.md"
SECTIONS = ("Authentication", "Sessions and refresh")

pytestmark = pytest.mark.skipif(
    not (shutil.which("curl") and shutil.which("jq") and shutil.which("bash")),
    reason="the examples need bash, curl and jq",
)


def examples(wanted: tuple[str, ...] = SECTIONS) -> list[str]:
    """The `sh` blocks of these sections (their subsections included), in order."""
    text = API_MD.read_text()
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    ours = [s for s in sections if s.splitlines()[0].strip() in wanted]
    assert [s.splitlines()[0].strip() for s in ours] == list(wanted)
    return [b for s in ours for b in re.findall(r"^```sh\n(.*?)^```", s, re.DOTALL | re.M)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def confirmation_token(runtime, sealing_key: str) -> str:
    """The newest confirmation link's token, as the email would show it."""
    outbox = runtime.delivery.outbox
    names = ("accounts.user.registered.v2", "accounts.email-verification.requested.v1")
    async with runtime.db.sessions() as session:
        rows = await session.execute(
            select(outbox.c.body).where(outbox.c.name.in_(names)).order_by(outbox.c.id)
        )
        event = [json.loads(body)["payload"] for (body,) in rows][-1]
    link = event.get("verification") or event["link"]
    return LinkSealer.from_setting(sealing_key).unseal(
        link["sealed_token"], purpose=link["purpose"], subject=event["user_id"]
    )


async def run(block: str, environment: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        "bash",
        "-c",
        f"set -euo pipefail\n{block}",
        cwd=cwd,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, output.decode()


def test_the_examples_are_found():
    blocks = examples()
    assert len(blocks) >= 6
    assert all("curl" in block for block in blocks)
    assert len(examples(("Test clocks",))) >= 4


@contextlib.asynccontextmanager
async def served(app, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    """`app` under `/accounts` over real HTTP; the environment the examples run in."""
    gateway = Starlette(routes=[Mount("/accounts", app=app)])
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(gateway, host="127.0.0.1", port=port, lifespan="off", log_config=None)
    )
    serving = asyncio.create_task(server.serve())
    try:

        async def started() -> bool:
            return bool(server.started)

        await wait_until(started, message="the HTTP server")
        yield {"PATH": os.environ["PATH"], "API": f"http://127.0.0.1:{port}", "HOME": str(tmp_path)}
    finally:
        server.should_exit = True
        await serving


async def test_every_curl_example_of_test_clocks_runs(tmp_path):
    private, public = key_pair()
    settings = AccountsSettings(
        service_name="accounts",
        data_dir=tmp_path,
        jwt_private_key=private,
        jwt_public_key=public,
        link_sealing_keys=new_key(),
        log_format="console",
        test_clocks_enabled=True,
    )
    real = ManualClock(datetime(2026, 11, 30, 9, tzinfo=UTC))  # held still: exact answers
    async with running_service(ACCOUNTS, settings, clock=real, bus=InProcessBus()) as accounts:
        async with accounts.runtime.unit_of_work() as uow:
            _, _, link = await create_first_admin(
                uow, settings, email="admin@example.com", full_name="Admin"
            )
        chosen = await accounts.client.post(
            "/password/set",
            json={
                "token": unquote(link.split("token=")[1]),
                "password": "correct horse battery staple",
            },
        )
        assert chosen.status_code == 204, chosen.text
        async with served(accounts.app, tmp_path) as environment:
            outputs = []
            for block in examples(("Test clocks",)):
                status, output = await run(block, environment, tmp_path)
                assert status == 0, f"{block}\n---\n{output}"
                outputs.append(output)
    read, moved, header, backwards = outputs
    assert json.loads(read) == {
        "now": "2026-11-30T09:00:00Z",
        "in_force": False,
        "offset_seconds": 0.0,
    }
    assert '"now":"2027-03-30T14:00:00Z","in_force":true' in moved  # to 16:00 in Paris
    assert moved.rstrip().endswith("2027-03-31T14:00:00Z")  # then a day more
    assert header.strip().lower() == "x-test-clock: 2027-03-31t14:00:00+00:00"
    assert backwards.strip() == "test_clock_backwards"


async def test_every_curl_example_of_authentication_and_sessions_runs(tmp_path):
    private, public = key_pair()
    sealing_key = new_key()
    settings = AccountsSettings(
        service_name="accounts",
        data_dir=tmp_path,
        jwt_private_key=private,
        jwt_public_key=public,
        link_sealing_keys=sealing_key,
        log_format="console",
    )
    async with running_service(ACCOUNTS, settings, bus=InProcessBus()) as accounts:
        gateway = Starlette(routes=[Mount("/accounts", app=accounts.app)])
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(gateway, host="127.0.0.1", port=port, lifespan="off", log_config=None)
        )
        serving = asyncio.create_task(server.serve())
        try:

            async def started() -> bool:
                return bool(server.started)

            await wait_until(started, message="the HTTP server")
            environment = {
                "PATH": os.environ["PATH"],
                "API": f"http://127.0.0.1:{port}",
                "HOME": str(tmp_path),
            }
            outputs = []
            for block in examples():
                if "$TOKEN" in block:
                    environment["TOKEN"] = await confirmation_token(accounts.runtime, sealing_key)
                status, output = await run(block, environment, tmp_path)
                assert status == 0, f"{block}\n---\n{output}"
                outputs.append(output)
        finally:
            server.should_exit = True
            await serving
    everything = "\n".join(outputs)
    assert '"email_verified":true' in everything  # the confirmation, then a refreshed token
    assert '"code":"refresh_token_reused"' in everything
    assert '"code":"session_ended"' in everything
    assert outputs[-1].strip().endswith('{"ended":1}')
