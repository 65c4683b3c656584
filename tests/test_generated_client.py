"""A client generated from the committed OpenAPI documents books a session, end to end.

The published contract is what clients really get: `openapi-python-client`
generates a client for accounts and enrollment from `docs/openapi/*.json` (the
documents `make openapi` writes and tests/contracts/test_openapi_documents.py
keeps current), and that client alone walks a booking through the real
services, served over HTTP under their gateway prefixes, each on its own
PostgreSQL database, talking through RabbitMQ:

  the first admin sets their password -> creates customer service, who sets theirs
  from the emailed link -> customer service puts a session on sale -> a person
  registers, confirms their address, logs in -> lists the sessions -> books ->
  customer service validates -> the person sees the booking validated.

Every answer is parsed by the generated client's typed models, and is held to
the document three ways: its status is one the operation declares (the client
raises on any other), its body validates against the declared JSON schema, and
it has no field the document does not name (the models keep such fields aside,
as `additional_properties`, where the test finds them).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import attrs
import httpx
import jsonschema
import pytest

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from enrollment.service import DEFINITION as ENROLLMENT
from testkit.gateway import emailed_token, served
from testkit.services import reset_queues, running_service

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

DOCUMENTS = Path(__file__).resolve().parents[1] / "docs" / "openapi"
PASSWORD = "correct horse battery staple"


async def generate(service: str, into: Path) -> ModuleType:
    """The client package generated from the committed document, imported."""
    package = f"generated_{service}_client"
    config = into / "generator.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: the code only has to import
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(DOCUMENTS / f"{service}.json"),
        "--output-path",
        str(into / package),
        "--meta",
        "none",
        "--config",
        str(config),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, output.decode()
    return importlib.import_module(package)


@pytest.fixture
def importable(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path for the generated packages, forgotten afterwards."""
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.startswith("generated_")]:
            del sys.modules[name]


class Contract:
    """One service's committed document, checking every answer the client receives."""

    def __init__(self, service: str, prefix: str) -> None:
        self.document = json.loads((DOCUMENTS / f"{service}.json").read_text())
        self.prefix = prefix
        routes = []
        for path, operations in self.document["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$")
            routes.append((path.count("{"), pattern, operations))
        self.routes = sorted(routes, key=lambda route: route[0])  # literal segments first
        self.checked = 0

    def operation(self, method: str, path: str) -> dict[str, Any]:
        for _, pattern, operations in self.routes:
            if pattern.match(path) and method.lower() in operations:
                return dict(operations[method.lower()])
        raise AssertionError(f"{method} {path} is not in the document")

    async def check(self, response: httpx.Response) -> None:
        await response.aread()
        self.checked += 1
        request = response.request
        path = request.url.path.removeprefix(self.prefix)
        declared = self.operation(request.method, path)["responses"]
        where = f"{request.method} {self.prefix}{path} answered {response.status_code}"
        assert str(response.status_code) in declared, f"{where}, not declared: {response.text}"
        content = declared[str(response.status_code)].get("content", {})
        media_type = response.headers.get("content-type", "").split(";")[0]
        if not response.content:
            assert not content, f"{where} with no body, though the document declares one"
            return
        assert media_type in content, f"{where} as {media_type}; declared: {sorted(content)}"
        schema = content[media_type].get("schema")
        if schema:
            whole = {**schema, "components": self.document["components"]}
            validator = jsonschema.Draft202012Validator(
                whole, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
            errors = [
                f"{list(e.absolute_path)}: {e.message}"
                for e in validator.iter_errors(response.json())
            ]
            assert not errors, f"{where}, not as documented: {errors}"


def undocumented(parsed: Any, where: str = "answer") -> list[str]:
    """Fields of the answer that the document does not name, anywhere in it."""
    if isinstance(parsed, list):
        return [f for i, item in enumerate(parsed) for f in undocumented(item, f"{where}[{i}]")]
    if not attrs.has(type(parsed)):
        return []
    found = [f"{where}.{name}" for name in getattr(parsed, "additional_properties", {})]
    for field in attrs.fields(type(parsed)):
        if field.name != "additional_properties":
            found += undocumented(getattr(parsed, field.name), f"{where}.{field.name}")
    return found


def parsed(response: Any, status: int, model: type) -> Any:
    """The answer, which must have this status and parse as this generated model."""
    assert response.status_code == status, response.content
    value = response.parsed
    items = value if isinstance(value, list) else [value]
    assert items, response.content
    assert all(isinstance(item, model) for item in items), (type(value), response.content)
    assert not undocumented(value), undocumented(value)
    return value


async def test_a_generated_client_books_a_session_end_to_end(
    rabbitmq_url, fresh_database, settings_for, link_sealing_key, importable
):
    accounts_api, enrollment_api = await asyncio.gather(
        generate("accounts", importable), generate("enrollment", importable)
    )

    def module(api: ModuleType, name: str) -> Any:
        return importlib.import_module(f"{api.__name__}.{name}")

    a_models, e_models = module(accounts_api, "models"), module(enrollment_api, "models")
    register = module(accounts_api, "api.accounts.register_register_post")
    log_in = module(accounts_api, "api.accounts.token_token_post")
    me = module(accounts_api, "api.accounts.me_me_get")
    verify = module(accounts_api, "api.email_verification.verify_verify_email_post")
    set_password = module(accounts_api, "api.passwords.set_with_link_password_set_post")
    create_staff = module(accounts_api, "api.staff.create_staff_post")
    create_course = module(enrollment_api, "api.catalogue.create_course_courses_post")
    create_session = module(enrollment_api, "api.catalogue.create_session_sessions_post")
    list_sessions = module(enrollment_api, "api.catalogue.list_sessions_sessions_get")
    book = module(enrollment_api, "api.bookings.request_booking_bookings_post")
    get_booking = module(enrollment_api, "api.bookings.get_booking_bookings_booking_id_get")
    list_bookings = module(enrollment_api, "api.bookings.list_bookings_bookings_get")
    pending = module(enrollment_api, "api.validation.pending_bookings_bookings_pending_get")
    validate = module(
        enrollment_api, "api.validation.validate_booking_bookings_booking_id_validate_post"
    )

    await reset_queues(rabbitmq_url)
    async with (
        running_service(ACCOUNTS, settings_for("accounts", await fresh_database())) as accounts,
        running_service(
            ENROLLMENT, settings_for("enrollment", await fresh_database())
        ) as enrollment,
        served({"accounts": accounts.app, "enrollment": enrollment.app}) as gateway,
        contextlib.AsyncExitStack() as clients,
    ):
        contracts = {
            "accounts": Contract("accounts", "/accounts"),
            "enrollment": Contract("enrollment", "/enrollment"),
        }

        def client(api: ModuleType, service: str, token: str | None = None) -> Any:
            options = {
                "base_url": f"{gateway}/{service}",
                "raise_on_unexpected_status": True,
                "httpx_args": {"event_hooks": {"response": [contracts[service].check]}},
            }
            made = (
                api.Client(**options)
                if token is None
                else api.AuthenticatedClient(token=token, **options)
            )
            clients.push_async_exit(made.get_async_httpx_client())  # closed before the server
            return made

        anonymous = client(accounts_api, "accounts")

        async def session_of(email: str) -> tuple[Any, Any]:
            """Log in; clients of accounts and enrollment bearing the access token."""
            body = a_models.Credentials(email=email, password=PASSWORD)
            tokens = parsed(
                await log_in.asyncio_detailed(client=anonymous, body=body),
                200,
                a_models.AccessToken,
            )
            assert tokens.token_type == "bearer"
            return (
                client(accounts_api, "accounts", tokens.access_token),
                client(enrollment_api, "enrollment", tokens.access_token),
            )

        # --- the first admin (the operator's command), then customer service (R-A2)
        async with accounts.runtime.unit_of_work() as uow:
            _, _, link = await create_first_admin(
                uow, accounts.runtime.settings, email="admin@training.example", full_name="Ada"
            )
        chosen = a_models.SetPassword(token=unquote(link.split("token=")[1]), password=PASSWORD)
        answer = await set_password.asyncio_detailed(client=anonymous, body=chosen)
        assert answer.status_code == 204, answer.content
        assert answer.parsed is None
        admin, _ = await session_of("admin@training.example")
        staff = a_models.StaffMember(
            email="cs@training.example",
            full_name="Claire Service",
            role=a_models.StaffMemberRole.CUSTOMER_SERVICE,
        )
        made = parsed(
            await create_staff.asyncio_detailed(client=admin, body=staff), 201, a_models.UserOut
        )
        assert made.roles == ["customer_service"]
        invitation = await emailed_token(
            accounts.runtime, link_sealing_key, ("accounts.user.invited.v2",)
        )
        chosen = a_models.SetPassword(token=invitation, password=PASSWORD)
        answer = await set_password.asyncio_detailed(client=anonymous, body=chosen)
        assert answer.status_code == 204, answer.content
        _, cs = await session_of("cs@training.example")

        # --- customer service puts a session on sale
        course = parsed(
            await create_course.asyncio_detailed(
                client=cs,
                body=e_models.CourseIn(
                    code="PY-101", title="Python pour débutants", list_price="1000.00"
                ),
            ),
            201,
            e_models.CourseOut,
        )
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        on_sale = parsed(
            await create_session.asyncio_detailed(
                client=cs,
                body=e_models.SessionIn(
                    course_id=course.id,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=8),
                    location="12 rue de la Paix, Paris",
                    seats=10,
                ),
            ),
            201,
            e_models.SessionOut,
        )

        # --- a person registers, confirms their address and logs in (R-A1)
        registration = a_models.Registration(
            email="ada@example.com", password=PASSWORD, full_name="Ada Lovelace"
        )
        account = parsed(
            await register.asyncio_detailed(client=anonymous, body=registration),
            201,
            a_models.UserOut,
        )
        assert account.email_verified is False
        welcome = await emailed_token(
            accounts.runtime, link_sealing_key, ("accounts.user.registered.v2",)
        )
        confirmed = parsed(
            await verify.asyncio_detailed(
                client=anonymous, body=a_models.Confirmation(token=welcome)
            ),
            200,
            a_models.UserOut,
        )
        assert confirmed.email_verified is True
        ada_accounts, ada = await session_of("ada@example.com")
        myself = parsed(await me.asyncio_detailed(client=ada_accounts), 200, a_models.UserOut)
        assert (myself.id, myself.email_verified) == (account.id, True)

        # --- the sessions on sale, then a booking (R-C1)
        listed = parsed(
            await list_sessions.asyncio_detailed(client=ada, course="PY-101"),
            200,
            e_models.PageSessionOut,
        )
        assert [s.id for s in listed.items] == [on_sale.id]
        assert listed.items[0].seats_left == 10
        assert listed.next_cursor is None
        request = e_models.BookingIn(
            session_id=on_sale.id,
            trainees=[e_models.TraineeIn(full_name="Ada Lovelace", email="ada@example.com")],
        )
        answer = await book.asyncio_detailed(client=ada, body=request)
        [booking] = parsed(answer, 201, e_models.BookingOut)
        assert booking.status == "pending_validation"
        assert booking.session.id == on_sale.id
        assert booking.price == "1000.00"
        assert answer.headers["location"].endswith(f"/bookings?request_id={booking.request_id}")

        # --- customer service validates it (R-C2)
        queue = parsed(await pending.asyncio_detailed(client=cs), 200, e_models.PageBookingOut)
        assert [b.id for b in queue.items] == [booking.id]
        refused = parsed(
            await validate.asyncio_detailed(booking_id=booking.id, client=ada),
            403,
            e_models.Problem,
        )
        assert refused.status == 403
        assert refused.code == "role_required"  # a customer validates nothing
        done = parsed(
            await validate.asyncio_detailed(booking_id=booking.id, client=cs),
            200,
            e_models.BookingOut,
        )
        assert done.status == "validated"

        # --- the person sees it validated, on its own and in their list (R-A4)
        seen = parsed(
            await get_booking.asyncio_detailed(booking_id=booking.id, client=ada),
            200,
            e_models.BookingOut,
        )
        assert seen.status == "validated"
        assert [h.status for h in seen.history] == ["pending_validation", "validated"]
        mine = parsed(
            await list_bookings.asyncio_detailed(client=ada), 200, e_models.PageBookingOut
        )
        assert [(b.id, b.status) for b in mine.items] == [(booking.id, "validated")]

    assert contracts["accounts"].checked >= 9
    assert contracts["enrollment"].checked >= 9
