"""docs/API.md's curl examples of "Authentication" and "Sessions and refresh" work as written.

Accounts is served over real HTTP under the gateway's prefix (`/accounts`), and
every `sh` block of those two sections runs in order, in bash with `curl` and
`jq`, as a client would type it. The one value a reader takes from an email,
the confirmation link's token, is given to the block that asks for `$TOKEN`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.routing import Mount

from accounts.service import DEFINITION as ACCOUNTS
from accounts.settings import AccountsSettings
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


def examples() -> list[str]:
    """The `sh` blocks of the two sections (their subsections included), in order."""
    text = API_MD.read_text()
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    ours = [s for s in sections if s.splitlines()[0].strip() in SECTIONS]
    assert [s.splitlines()[0].strip() for s in ours] == list(SECTIONS)
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
