"""docs/API.md's curl examples work as written: "Authentication", "Sessions and
refresh", "Test clocks", and the conventions "Paging", "Safe retries" and
"Reading errors".

The services are served over real HTTP under the gateway's prefixes
(`/accounts`, `/enrollment`), and every `sh` block of those sections runs in
order, in bash with `curl` and `jq`, as a client would type it. The one value a
reader takes from an email, the confirmation link's token, is given to the
block that asks for `$TOKEN`. The test clocks' examples run on a deployment
started with test clocks, whose first admin the operator's command made
(`admin@example.com`). The conventions' examples run where three sessions are
on sale and Ada has confirmed her address; what they print is held to what the
page says they print, and the page's page sizes to the code's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from starlette.types import ASGIApp

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from accounts.settings import AccountsSettings
from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.pages import DEFAULT_LIMIT, MAX_LIMIT
from chassis.sealing import new_key
from enrollment.service import DEFINITION as ENROLLMENT
from testkit import gateway
from testkit.gateway import emailed_token
from testkit.services import running_service
from testkit.tokens import key_pair

API_MD = Path(__file__).resolve().parents[1] / "docs" / "API.md"
SECTIONS = ("Authentication", "Sessions and refresh")
CONVENTIONS = ("Paging", "Safe retries", "Reading errors")
CONFIRMATIONS = ("accounts.user.registered.v2", "accounts.email-verification.requested.v1")

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
async def served(apps: dict[str, ASGIApp], tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    """The apps under their gateway prefixes over real HTTP; the examples' environment."""
    async with gateway.served(apps) as address:
        yield {"PATH": os.environ["PATH"], "API": address, "HOME": str(tmp_path)}


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
        async with served({"accounts": accounts.app}, tmp_path) as environment:
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
    async with (
        running_service(ACCOUNTS, settings, bus=InProcessBus()) as accounts,
        served({"accounts": accounts.app}, tmp_path) as environment,
    ):
        outputs = []
        for block in examples():
            if "$TOKEN" in block:
                environment["TOKEN"] = await emailed_token(
                    accounts.runtime, sealing_key, CONFIRMATIONS
                )
            status, output = await run(block, environment, tmp_path)
            assert status == 0, f"{block}\n---\n{output}"
            outputs.append(output)
    everything = "\n".join(outputs)
    assert '"email_verified":true' in everything  # the confirmation, then a refreshed token
    assert '"code":"refresh_token_reused"' in everything
    assert '"code":"session_ended"' in everything
    assert outputs[-1].strip().endswith('{"ended":1}')


async def on_sale(accounts, enrollment, sealing_key: str) -> None:
    """Three sessions on sale (made by the first admin), and Ada's confirmed account."""
    password = "correct horse battery staple"
    async with accounts.runtime.unit_of_work() as uow:
        _, _, link = await create_first_admin(
            uow, accounts.runtime.settings, email="admin@example.com", full_name="Admin"
        )
    token = unquote(link.split("token=")[1])
    answer = await accounts.client.post(
        "/password/set", json={"token": token, "password": password}
    )
    assert answer.status_code == 204, answer.text
    answer = await accounts.client.post(
        "/token", json={"email": "admin@example.com", "password": password}
    )
    admin = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    course = await enrollment.client.post(
        "/courses",
        json={"code": "PY-101", "title": "Python pour débutants", "list_price": "1000.00"},
        headers=admin,
    )
    assert course.status_code == 201, course.text
    first = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    for week in (5, 6, 7):
        starts = first + timedelta(weeks=week)
        answer = await enrollment.client.post(
            "/sessions",
            json={
                "course_id": course.json()["id"],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "location": "12 rue de la Paix, Paris",
                "seats": 10,
            },
            headers=admin,
        )
        assert answer.status_code == 201, answer.text
    answer = await accounts.client.post(
        "/register",
        json={"email": "ada@example.com", "password": password, "full_name": "Ada Lovelace"},
    )
    assert answer.status_code == 201, answer.text
    welcome = await emailed_token(accounts.runtime, sealing_key, CONFIRMATIONS)
    answer = await accounts.client.post("/verify-email", json={"token": welcome})
    assert answer.status_code == 200, answer.text


async def test_every_curl_example_of_paging_retries_and_errors_runs(tmp_path):
    private, public = key_pair()
    sealing_key = new_key()
    common = {"jwt_public_key": public, "log_format": "console"}
    for name in ("accounts", "enrollment"):
        (tmp_path / name).mkdir()
    accounts_settings = AccountsSettings(
        service_name="accounts",
        data_dir=tmp_path / "accounts",
        jwt_private_key=private,
        link_sealing_keys=sealing_key,
        **common,
    )
    enrollment_settings = ENROLLMENT.settings_class(
        service_name="enrollment", data_dir=tmp_path / "enrollment", **common
    )
    bus = InProcessBus()
    async with (
        running_service(ACCOUNTS, accounts_settings, bus=bus) as accounts,
        running_service(ENROLLMENT, enrollment_settings, bus=bus) as enrollment,
    ):
        await on_sale(accounts, enrollment, sealing_key)
        apps = {"accounts": accounts.app, "enrollment": enrollment.app}
        async with served(apps, tmp_path) as environment:
            outputs = []
            for block in examples(CONVENTIONS):
                status, output = await run(block, environment, tmp_path)
                assert status == 0, f"{block}\n---\n{output}"
                outputs.append(output.replace("\r\n", "\n"))  # headers' line ends
    first_page, every_page, refused, retried, reused, invalid, languages = outputs
    summary, link = first_page.strip().splitlines()
    page = json.loads(summary)
    assert page["items"] == 2
    assert page["next_cursor"] == "string"
    assert page["next"].startswith("/enrollment/sessions?limit=2&cursor=")
    assert link == f'link: <{page["next"]}>; rel="next"'
    assert [line.split()[1:] for line in every_page.strip().splitlines()] == [
        ["PY-101", "10"]
    ] * 3  # the three sessions, each once, soonest first
    starts = [line.split()[0] for line in every_page.strip().splitlines()]
    assert starts == sorted(starts)
    too_many, bad_cursor = (json.loads(line) for line in refused.strip().splitlines())
    assert (too_many["status"], too_many["code"]) == (422, "invalid")
    assert [e["field"] for e in too_many["errors"]] == ["query.limit"]
    assert f"less than or equal to {MAX_LIMIT}" in too_many["errors"][0]["message"]
    assert bad_cursor == {"status": 422, "code": "invalid_cursor"}
    same, created, location, replayed, count = retried.strip().splitlines()
    assert same == "the same answer"
    assert created.startswith("HTTP/1.1 201")
    assert location.startswith("location: /enrollment/bookings?request_id=")
    assert replayed.strip() == "idempotent-replayed: true"
    assert count == "1"
    assert json.loads(reused) == {"status": 422, "code": "idempotency_key_reused"}
    problem = json.loads(invalid)
    assert set(problem) == {"type", "title", "status", "detail", "code", "instance", "errors"}
    assert problem["type"] == "/problems/invalid"
    assert problem["instance"] == "/enrollment/bookings"
    assert [e["field"] for e in problem["errors"]] == ["body.session_id", "body.trainees"]
    assert languages == documented_output("Reading errors")


def documented_output(section: str) -> str:
    """The section's last code block without a language: an example's output, as printed."""
    text = API_MD.read_text().split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks, language, lines = [], None, []
    for line in text.splitlines(keepends=True):
        if not line.startswith("```"):
            lines.append(line)
        elif language is None:
            language, lines = line[3:].strip(), []
        else:
            blocks.append((language, "".join(lines)))
            language = None
    return [block for language, block in blocks if not language][-1]


def test_the_documented_page_sizes_are_the_code_s():
    text = API_MD.read_text()
    stated = f"`?limit=` items ({DEFAULT_LIMIT} by default, at most {MAX_LIMIT})"
    assert stated in text
    assert f"`?limit=` ({DEFAULT_LIMIT} by default, at most {MAX_LIMIT})" in text
    assert len(examples(CONVENTIONS)) >= 6
