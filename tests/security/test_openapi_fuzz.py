"""Schemathesis against every operation of every service's OpenAPI document, every check on.

Each operation gets schemathesis's coverage cases (boundary values, missing
parameters, wrong types, wrong content types, methods the path does not
serve) and then generated requests, valid and invalid (positive and negative
modes), from a caller the operation admits (real logged-in people of a seeded
platform), so the handlers run rather than the role check alone.

Every answer passes `CHECKS`, schemathesis's checks:

- `not_a_server_error`: below 500;
- `status_code_conformance`: a status the operation documents;
- `content_type_conformance`, `response_schema_conformance`,
  `response_headers_conformance`: the documented type, body and headers of
  that status (every error an RFC 9457 problem, `application/problem+json`);
- `positive_data_acceptance`: a request the schema says is valid is not
  refused as malformed (2xx, or 401/403/404/409/429: who asks and what
  exists, not the shape of the request);
- `negative_data_rejection`: a request the schema says is invalid is refused
  with a 4xx;
- `missing_required_header`, `unsupported_method`, `allow_header_conformance`:
  a missing required header is refused, a method the path does not serve is
  405 with `Allow`, the methods `Allow` lists are the documented ones;
- `ignored_auth`: an operation that declares a bearer token, answered 2xx
  with one, is asked again without a token and with a bad one: 401;
- `use_after_free`, `ensure_resource_availability`: run on every answer too,
  but they judge only sequences of calls schemathesis links itself (its
  stateful phase); the services declare no OpenAPI links, so here they pass
  vacuously, and what they would check (a deleted resource is gone, a created
  one can be read) is each service's own tests' business.

Left out, with the reason: `max_response_time`, because it needs a limit and
these calls share a two-core CI machine with the rest of the suite (the
performance suite measures latency, docs/PERFORMANCE.md); and
`object_level_authorization`, because it needs schemathesis's own identities
(auth providers with peers), while `test_authorization_matrix.py` already
calls every route as each role of company A and company B on the other's
resources, with the answer each rule decides.

The same operations run on two platforms, `BACKENDS`: the services on
PostgreSQL (whose refusals differ from SQLite's: a NUL character in a text,
say), and the services as `make run` builds them by default (one SQLite file
per service, the in-process bus, test clocks enabled). Calls go in process
(ASGI); schemathesis's own probes (`ignored_auth`) go through the same client
(`LoopTransport`).

`SECURITY_FUZZ_EXAMPLES` sets the generated examples per operation (default
8, the quick run inside `make test`, which sends one coverage case of each
scenario per operation: about 20 instead of 40); e.g.
`SECURITY_FUZZ_EXAMPLES=200` for a long run, which sends every coverage case
and draws new examples each run instead of the same ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import uuid
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
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.generation.meta import CoverageScenario
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)
from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport

from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from contracts.identity import Role
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.databases import throwaway_databases
from testkit.platform.inprocess import start_platform
from testkit.platform.routes import unstarted_apps

EXAMPLES = int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "8"))
QUICK = EXAMPLES <= 50
"""The quick run (`make test`) sends one coverage case of each scenario per operation and
the same examples each run; a long run sends every coverage case and draws new examples."""
UNDECLARED_METHOD = CoverageScenario.UNSPECIFIED_HTTP_METHOD

REFUSALS_BY_STATE: dict[str, str] = {
    "invalid_cursor": "a cursor is valid only as the API gave it (an opaque place in a list)",
    "precondition_failed": "If-Match holds a valid ETag only as the API gave it for the "
    "resource as it is now (412: a stale write)",
    "invalid_document": "an upload must be a PDF (its bytes begin with %PDF-), which a schema "
    "of bytes cannot say",
    "invalid_link": "a link's single-use token is valid only as accounts sent it",
    "training_plan_required": "HR asks for in-company training once the company's training "
    "plan of the year is on file",
    "invalid_company_number": "a SIREN/SIRET or enterprise number has check digits",
    "invalid_national_register_number": "a national register number has check digits",
    "placed_for_required": "who books decides: customer service names the person it "
    "enrolls (R-A2), a customer does not; one schema serves every caller",
    "placed_by_name_required": "who books decides: a manager enrolling only others says "
    "who places the booking",
}
"""Problem codes a schema-valid request may get: what they refuse depends on the server's
state or on the bytes of a file, which no JSON Schema expresses. Anything else refused with
4xx (but 401/403/404/409/429) is a schema that says less than the service checks."""


def positive_data_acceptance_but_state(ctx: Any, response: Response, case: Any) -> bool | None:
    """`positive_data_acceptance`, but for the problems of `REFUSALS_BY_STATE`."""
    if response.status_code in (400, 412, 422):
        try:
            code = json.loads(response.content or b"{}").get("code")
        except (ValueError, AttributeError):
            code = None
        if code in REFUSALS_BY_STATE:
            return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    positive_data_acceptance_but_state,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
    ignored_auth,
    use_after_free,
    ensure_resource_availability,
]
SERVICES = (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)
BASE_URL = "http://test"
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")
"""A valid Idempotency-Key (chassis.openapi): replaced by a fresh one; an invalid one is sent."""

KNOWN_BUGS: dict[str, str] = {}
"""Operation (`service METHOD path`, or `backend: service METHOD path` for one backend only)
-> what schemathesis still finds there, not fixed yet: the test must fail there (strict)."""


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


# --- the platforms ------------------------------------------------------------------------------

BACKENDS = [
    pytest.param("postgresql", marks=pytest.mark.postgres, id="postgresql"),
    pytest.param("sqlite", id="sqlite"),
]
"""PostgreSQL, and `make run`'s embedded default: SQLite files, in-process bus, test clocks."""


@pytest_asyncio.fixture(scope="module", loop_scope="session", params=BACKENDS)
async def world(request, platform_services, platform_keys, secrets, log_tape, tmp_path_factory):
    async with contextlib.AsyncExitStack() as stack:
        per_service: dict[str, dict[str, Any]] = {}
        if request.param == "postgresql":
            admin_url = request.getfixturevalue("postgres_admin_url")
            new_database = await stack.enter_async_context(
                throwaway_databases(admin_url, prefix="test_fuzz")
            )
        else:
            folder = tmp_path_factory.mktemp("make-run-data")
            numbers = itertools.count()

            async def new_database() -> str:  # what `make run` opens under DATA_DIR
                return f"sqlite:///{folder / f'service-{next(numbers)}.sqlite3'}"

            per_service = {s.name: {"test_clocks_enabled": True} for s in SERVICES}
        # /logout and /logout-everywhere end a session of their own each example (a login
        # from the one test address): a long run would meet the login limit per client,
        # which services/accounts/tests/test_client_throttling.py checks on its own.
        per_service.setdefault("accounts", {})["logins_per_client"] = 100_000
        platform = await stack.enter_async_context(
            start_platform(platform_services, platform_keys, new_database, **per_service)
        )
        await platform.seed_people(secrets)
        await platform.seed_world(secrets)
        yield request.param, platform


class LoopTransport(RequestsTransport):
    """Schemathesis's own requests (its probes) sent in process, on the platform's loop."""

    def __init__(self, client: httpx.AsyncClient, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._copy_serializers_from(REQUESTS_TRANSPORT)
        self.client = client
        self.loop = loop

    def send(self, case: Any, *, session: Any = None, **kwargs: Any) -> Response:
        kwargs.setdefault("base_url", BASE_URL)
        arguments = _request_arguments(self.serialize_case(case, **kwargs))
        request = self.client.build_request(**arguments)
        future = asyncio.run_coroutine_threadsafe(self.client.send(request), self.loop)
        return Response.from_any(future.result(timeout=60))


def _sent_through(schema: Any, transport: LoopTransport) -> Any:
    """The schema, its requests going through `transport` (schemathesis picks the
    transport from the schema's class, by the app it was loaded from)."""

    class InProcess(type(schema)):  # type: ignore[misc]
        @property
        def transport(self) -> LoopTransport:
            return transport

    schema.__class__ = InProcess
    return schema


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def schemas(world) -> dict[str, Any]:
    _, platform = world
    loop = asyncio.get_running_loop()
    return {
        name: _sent_through(
            schemathesis.openapi.from_dict(platform.app(name).openapi()),
            LoopTransport(platform.client(name), loop),
        )
        for name in platform.services
    }


@pytest.fixture(scope="module")
def tally(ledger, world):
    backend, _ = world
    totals = {"operations": 0, "examples": 0, "5xx": 0}
    yield totals
    ledger.note(
        f"schemathesis on {backend}: {totals['examples']} requests over "
        f"{totals['operations']} operations (coverage cases, then {EXAMPLES} generated "
        f"examples each, positive and negative; every check); "
        f"{totals['5xx']} answers of 500 or more"
    )


# --- requests -----------------------------------------------------------------------------------


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


def _negative_headers(case: Any) -> bool:
    """Whether schemathesis made the case's headers invalid (or left a required one out):
    they are sent as generated, neither token nor Idempotency-Key replaced."""
    return case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)


class Unsendable(Exception):
    """A generated request no HTTP client could send (a header that is not Latin-1...)."""


def coverage_cases(operation: Any) -> list[Any]:
    """Schemathesis's coverage phase for one operation: a fixed list of cases."""
    schema = operation.schema
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(query={}, headers={}, cookies={}, path_parameters={}, body={}),
        feedback=NO_FEEDBACK,
    )
    cases = list(generator)
    if not QUICK:
        return cases
    kept: dict[tuple[str, ...], Any] = {}
    for case in cases:  # the quick run: one case of each scenario (one undeclared method)
        scenario = case.meta.phase.data.scenario
        kept.setdefault((scenario, "" if scenario == UNDECLARED_METHOD else case.method), case)
    return list(kept.values())


def _param(service: str, method: str, path: str, admitted: frozenset[Role] | None) -> Any:
    return pytest.param(service, method, path, admitted, id=f"{service} {method} {path}")


@pytest.mark.parametrize(
    ("service", "method", "path", "admitted"), [_param(*o) for o in OPERATIONS]
)
async def test_every_check_holds_on_every_answer(
    world, schemas, tally, ledger, service, method, path, admitted
):
    backend, platform = world
    loop = asyncio.get_running_loop()
    operation = schemas[service][path][method]
    callers = [
        p
        for p in platform.people.values()
        if (admitted is None or p.role in admitted)
        and not (service == "accounts" and p.role == Role.PARTICIPANT)
    ]
    client: httpx.AsyncClient = platform.client(service)
    statuses: list[int] = []
    server_errors: list[str] = []
    confirmed: list[bool] = []  # ignored_auth probed once on a 2xx with a token

    def send(coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=60)

    def check(case: Any, caller: Any) -> None:
        headers = {}
        generated = {k.lower(): k for k in (case.headers or {})}
        if caller is not None and "authorization" in generated and not _negative_headers(case):
            token = caller.token  # the generated token replaced by a real one
            if (service, path) in (("accounts", "/logout"), ("accounts", "/logout-everywhere")):
                token = send(platform.fresh_token(caller))  # a session of its own to end
            headers["Authorization"] = f"Bearer {token}"
            del case.headers[generated["authorization"]]
        key = generated.get("idempotency-key")
        if key and IDEMPOTENCY_KEY.fullmatch(str(case.headers[key])):
            del case.headers[key]  # each request a key of its own: a reused one is 422 by design
            headers["Idempotency-Key"] = f"fuzz-{uuid.uuid4().hex}"
        case.headers = {**(case.headers or {}), **headers}
        try:
            arguments = _request_arguments(case.as_transport_kwargs(base_url=BASE_URL))
            request = client.build_request(**arguments)
            request.read()  # a multipart body is a stream; schemathesis reads it to report
        except (UnicodeEncodeError, TypeError, ValueError) as error:
            raise Unsendable from error  # not a request any HTTP client could send
        response = send(client.send(request))
        statuses.append(response.status_code)
        if response.status_code >= 500:
            server_errors.append(f"{response.status_code} {request.method} {request.url}")
        # Whether the operation enforces its token is a property of the operation: probed
        # on its first 2xx with a token (as schemathesis's own runner does), not on each.
        checks = [c for c in CHECKS if c is not ignored_auth] if confirmed else CHECKS
        if 200 <= response.status_code < 300 and "Authorization" in headers:
            confirmed.append(True)
        case.validate_response(
            response,
            checks=checks,
            headers={k: v for k, v in headers.items() if k == "Authorization"},
            transport_kwargs={"base_url": BASE_URL},
        )

    def run() -> None:
        turns = itertools.cycle(callers or [None])
        for case in coverage_cases(operation):
            try:
                check(case, next(turns))
            except Unsendable:
                continue
        fuzz()

    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=cases, caller=st.sampled_from(callers or [None]))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=QUICK,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any, caller: Any) -> None:
        try:
            check(case, caller)
        except Unsendable:
            reject()  # nothing to test

    key = f"{service} {method} {path}"
    known = KNOWN_BUGS.get(f"{backend}: {key}") or KNOWN_BUGS.get(key)
    try:
        if known is None:
            await asyncio.to_thread(run)
        else:  # a strict xfail: once fixed, the entry must go
            try:
                await asyncio.to_thread(run)
            except Exception:  # any failure of the known bug
                pytest.xfail(known)
            pytest.fail(f"{key} no longer fails on {backend}: remove it from KNOWN_BUGS")
    finally:
        tally["operations"] += 1
        tally["examples"] += len(statuses)
        tally["5xx"] += len(server_errors)
        if server_errors:
            ledger.note(f"  {backend} {service} {method} {path}: {len(server_errors)} >= 500")


