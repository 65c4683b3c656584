"""Schemathesis against every operation of every service's OpenAPI document.

Each operation gets generated requests, valid and invalid (schemathesis's
positive and negative modes), from a caller the operation admits (real
logged-in people of a seeded platform), so the handlers run rather than the
role check alone. Every answer must be below 500, have a declared content
type, and match the response schema the service publishes for its status.

Calls go in process (ASGI) to the services running on PostgreSQL, whose
refusals differ from SQLite's (a NUL character in a text, say).

`SECURITY_FUZZ_EXAMPLES` sets the examples per operation (default 8, the quick
run inside `make test`); e.g. `SECURITY_FUZZ_EXAMPLES=200` for a long run,
which also draws new examples each run instead of the same ones.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import httpx
import pytest
import pytest_asyncio
import schemathesis
from fastapi.routing import APIRoute, iter_route_contexts
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from contracts.identity import Role
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.platform.routes import unstarted_apps

pytestmark = [pytest.mark.postgres]

EXAMPLES = int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
SERVICES = (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)

KNOWN_BUGS: dict[str, str] = {}
"""Operation -> the bug schemathesis finds there, in services this suite may not edit."""


def _admitted_roles(dependant: Any) -> set[Role] | None:
    """The roles a `require_roles` (or accounts' `signed_in_with_roles`) dependency admits."""
    for dependency in dependant.dependencies:
        for cell in getattr(dependency.call, "__closure__", None) or ():
            value = cell.cell_contents
            if isinstance(value, tuple) and value and all(isinstance(r, Role) for r in value):
                return set(value)
        found = _admitted_roles(dependency)
        if found is not None:
            return found
    return None


def operations() -> list[tuple[str, str, str, frozenset[Role] | None]]:
    """(service, method, path, admitted roles or None for any caller) of every operation."""
    found = []
    for definition, app in unstarted_apps(SERVICES):
        for route in iter_route_contexts(app.routes):
            original = route.original_route
            if not isinstance(original, APIRoute) or not original.include_in_schema:
                continue
            admitted = _admitted_roles(original.dependant)
            for method in sorted(route.methods or ()):
                found.append(
                    (
                        definition.name,
                        method,
                        route.path or "",
                        frozenset(admitted) if admitted else None,
                    )
                )
    return found


OPERATIONS = operations()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def world(platform, secrets):
    await platform.seed_world(secrets)
    return platform


@pytest.fixture(scope="module")
def schemas(world) -> dict[str, Any]:
    return {
        name: schemathesis.openapi.from_dict(world.app(name).openapi()) for name in world.services
    }


@pytest.fixture(scope="module")
def tally(ledger):
    totals = {"operations": 0, "examples": 0, "5xx": 0}
    yield totals
    ledger.note(
        f"schemathesis: {totals['examples']} generated requests over {totals['operations']} "
        f"operations ({EXAMPLES} examples each, positive and negative); "
        f"{totals['5xx']} answers of 500 or more"
    )


def _request_arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Schemathesis serializes for `requests`; the same request for httpx."""
    arguments = {k: kwargs[k] for k in ("method", "url", "headers", "params") if k in kwargs}
    if "json" in kwargs:
        arguments["json"] = kwargs["json"]
    # A negative case may have no parts at all (`files` None): the body is then `data`, or none.
    if kwargs.get("files") is not None:
        arguments["files"] = [(name, _part(part)) for name, part in kwargs["files"]]
        if isinstance(kwargs.get("data"), dict):
            arguments["data"] = kwargs["data"]
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        if isinstance(data, dict):
            arguments["data"] = data
        else:
            arguments["content"] = data.encode() if isinstance(data, str) else data
    return arguments


def _part(part: tuple[Any, ...]) -> tuple[Any, ...]:
    """A multipart part whose value httpx can send: text and numbers as bytes."""
    filename, value, *rest = part
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    elif not isinstance(value, bytes):
        value = json.dumps(value).encode()
    return (filename, value, *rest)


def _param(service: str, method: str, path: str, admitted: frozenset[Role] | None) -> Any:
    key = f"{service} {method} {path}"
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[key])] if key in KNOWN_BUGS else []
    return pytest.param(service, method, path, admitted, id=key, marks=marks)


@pytest.mark.parametrize(
    ("service", "method", "path", "admitted"), [_param(*o) for o in OPERATIONS]
)
async def test_no_5xx_and_every_answer_matches_the_schema(
    world, schemas, tally, ledger, service, method, path, admitted
):
    loop = asyncio.get_running_loop()
    operation = schemas[service][path][method]
    callers = [
        p
        for p in world.people.values()
        if (admitted is None or p.role in admitted)
        and not (service == "accounts" and p.role == Role.PARTICIPANT)
    ]
    client: httpx.AsyncClient = world.client(service)
    statuses: list[int] = []
    server_errors: list[str] = []

    def send(coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=60)

    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=cases, caller=st.sampled_from(callers or [None]))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=EXAMPLES <= 50,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, caller: Any) -> None:
        arguments = _request_arguments(case.as_transport_kwargs(base_url="http://test"))
        headers = dict(arguments.pop("headers", {}))
        headers.pop("Authorization", None)
        if caller is not None:
            token = caller.token
            if (service, path) == ("accounts", "/logout"):  # a session of its own to end
                token = send(world.fresh_token(caller))
            headers["Authorization"] = f"Bearer {token}"
        try:
            request = client.build_request(headers=headers, **arguments)
            request.read()  # a multipart body is a stream; schemathesis reads it to report
        except (UnicodeEncodeError, TypeError, ValueError):
            reject()  # not a request any HTTP client could send: nothing to test
        response = send(client.send(request))
        statuses.append(response.status_code)
        if response.status_code >= 500:
            server_errors.append(f"{response.status_code} {request.method} {request.url}")
        case.validate_response(response, checks=CHECKS)

    try:
        await asyncio.to_thread(run)
    finally:
        tally["operations"] += 1
        tally["examples"] += len(statuses)
        tally["5xx"] += len(server_errors)
        if server_errors:
            ledger.note(f"  {service} {method} {path}: {len(server_errors)} answers >= 500")
