"""The security suite's fixtures: a seeded platform, tokens good and bad, a log tape.

Test modules cannot import this file (pytest's importlib mode), so what they
share comes as fixtures and as methods of the objects those fixtures give:

- `platform`: the five services in one process, each on its own fresh
  PostgreSQL database, talking through one in-process bus (authorization is
  about HTTP: the real broker is for `test_bus_bad_input.py`), one ManualClock.
  `await platform.seed()` makes two companies (A and B) with everything a
  company can own, through the APIs, and people with every role, logged in.
- `log_tape`: every line the suite logs, rendered as production renders it
  (`chassis.logs.configure_logging`, JSON, redaction on), for the final scan.
- `secrets`: what must never show in a log: passwords, tokens, link tokens,
  national register numbers the suite used.
- `ledger`: figures printed at the end of the run (matrix size, examples...).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import io
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import jwt
import pytest
import pytest_asyncio
import structlog
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from sqlalchemy import select
from yarl import URL

from accounts.adapters.signing import generate_key_pair
from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from accounts.settings import AccountsSettings
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from chassis.inprocess import InProcessBus
from chassis.logs import configure_logging
from chassis.service import ServiceDefinition
from chassis.tokens import ALGORITHM
from contracts.identity import Role
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.services import RunningService, running_service, wait_until

DEFINITIONS: dict[str, ServiceDefinition] = {
    d.name: d for d in (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)
}
PASSWORD = "Tr0ub4dor&3-security-suite"
"""Every seeded person's password: the log scan looks for it."""
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
"""Monday 4 January 2027, 09:00 in Brussels and Paris."""
GROUP_START = datetime(2027, 4, 12, 7, 0, tzinfo=UTC)
GROUP_END = datetime(2027, 4, 12, 10, 30, tzinfo=UTC)
SESSION_START = datetime(2027, 3, 15, 8, 0, tzinfo=UTC)
PDF = b"%PDF-1.4 security suite document"


def nrn(serial: int, birth: str = "850730") -> str:
    """A valid Belgian national register number (born before 2000), check digits included."""
    base = f"{birth}{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


# --- the log tape and the secrets ----------------------------------------------------------------


class LogTape(io.TextIOBase):
    """A stream that keeps every rendered log line, installed as the root handler's stream."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._partial = ""
        self._restore: Callable[[], None] | None = None

    def write(self, text: str) -> int:
        self._partial += text
        *complete, self._partial = self._partial.split("\n")
        self.lines.extend(line for line in complete if line)
        return len(text)

    def start(self) -> None:
        """Log as production does (JSON, redaction) into this tape until `stop()`."""
        previous_config = structlog.get_config()
        root = logging.getLogger()
        previous_handlers, previous_level = root.handlers[:], root.level
        previous_context = structlog.contextvars.get_contextvars()
        configure_logging("security-suite", "json", "INFO")
        root.handlers[0].setStream(self)  # type: ignore[attr-defined]

        def restore() -> None:
            structlog.configure(**previous_config)
            root.handlers[:] = previous_handlers
            root.setLevel(previous_level)
            logging.getLogger("uvicorn.access").disabled = False
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(**previous_context)

        self._restore = restore

    def stop(self) -> None:
        if self._restore is not None:
            self._restore()
            self._restore = None


@pytest.fixture(scope="session")
def log_tape() -> Any:
    tape = LogTape()
    tape.start()
    yield tape
    tape.stop()


@pytest.fixture(autouse=True)
def _on_tape(log_tape: LogTape) -> None:
    """Every security test logs onto the tape."""


@dataclass
class Secrets:
    """Values that must never appear in a log line, by kind."""

    found: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        if value:
            self.found.setdefault(kind, set()).add(value)

    def add_token(self, token: str) -> None:
        self.add("access token", token)
        self.add("access token signature", token.rsplit(".", 1)[-1])


@pytest.fixture(scope="session")
def secrets() -> Secrets:
    return Secrets()


@dataclass
class Ledger:
    """Figures the suite prints at the end: what was tried and what was found."""

    lines: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.lines.append(line)


_LEDGER = Ledger()


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return _LEDGER


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _LEDGER.lines:
        terminalreporter.write_sep("-", "security suite ledger")
        for line in _LEDGER.lines:
            terminalreporter.write_line(line)
        report = os.environ.get("SECURITY_REPORT")  # `make reliability`: for RELIABILITY.md
        if report:
            path = Path(report)
            path.parent.mkdir(parents=True, exist_ok=True)
            failed = len(terminalreporter.stats.get("failed", []))
            path.write_text(json.dumps({"lines": _LEDGER.lines, "failed": failed}, indent=2))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The log scan runs after every other security test: it reads what they logged."""
    scans = [i for i in items if i.get_closest_marker("log_scan")]
    if not scans:
        return
    rest = [i for i in items if i not in scans]
    last = max((n for n, i in enumerate(rest) if "tests/security/" in i.nodeid), default=-1)
    items[:] = rest[: last + 1] + scans + rest[last + 1 :]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "log_scan: scans the security suite's log output (last)")


# --- tokens -----------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Tokens:
    """Signs tokens the way accounts does, and forges the wrong ones."""

    private_key_pem: str
    public_key_pem: str
    clock: ManualClock

    def claims(
        self,
        *roles: Role,
        user_id: uuid.UUID | None = None,
        company_id: uuid.UUID | None = None,
        email: str = "someone@example.be",
        session_id: str | None = None,
        lifetime: timedelta = timedelta(minutes=15),
    ) -> dict[str, Any]:
        now = self.clock.now()
        return {
            "iss": "accounts",
            "aud": "training-platform",
            "sub": str(user_id or uuid.uuid4()),
            "sid": session_id or str(uuid.uuid4()),
            "email": email,
            "roles": [r.value for r in roles],
            "company_id": str(company_id) if company_id else None,
            "iat": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
        }

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.private_key_pem, algorithm=ALGORITHM)

    def forged(self, good_token: str) -> dict[str, str]:
        """Tokens that every protected endpoint must refuse with 401, by what is wrong."""
        claims = jwt.decode(good_token, options={"verify_signature": False})
        now = int(self.clock.now().timestamp())
        header, _payload, signature = good_token.split(".")
        admin = {**claims, "roles": [Role.ADMIN.value]}
        other_key = Ed25519PrivateKey.generate()
        hs256_header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        hs256_payload = _b64(json.dumps(claims).encode())
        hs256_signature = _b64(
            hmac.new(
                self.public_key_pem.encode(),
                f"{hs256_header}.{hs256_payload}".encode(),
                hashlib.sha256,
            ).digest()
        )
        none_header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        return {
            "expired": self.sign({**claims, "iat": now - 7200, "exp": now - 3600}),
            "signed by another key": jwt.encode(claims, other_key, algorithm=ALGORITHM),
            "alg none": f"{none_header}.{_b64(json.dumps(admin).encode())}.",
            "HS256 with the public key as secret": (
                f"{hs256_header}.{hs256_payload}.{hs256_signature}"
            ),
            "wrong audience": self.sign({**claims, "aud": "another-platform"}),
            "wrong issuer": self.sign({**claims, "iss": "someone-else"}),
            "tampered payload": f"{header}.{_b64(json.dumps(admin).encode())}.{signature}",
            "unknown role": self.sign({**claims, "roles": ["superuser"]}),
            "not a JWT": "not-a-token",
            "issued in the future": self.sign({**claims, "iat": now + 3600, "exp": now + 4500}),
        }


# --- databases for a module ---------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def module_database(
    postgres_admin_url: str,
) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """Like `fresh_database`, for a module's services: dropped after the module."""
    created: list[str] = []
    admin = URL(postgres_admin_url)

    async def create() -> str:
        name = f"test_sec_{uuid.uuid4().hex}"
        connection = await asyncpg.connect(postgres_admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return str(admin.with_scheme("postgresql+asyncpg").with_path(f"/{name}", keep_query=True))

    yield create
    connection = await asyncpg.connect(postgres_admin_url)
    try:
        for name in created:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


# --- the platform --------------------------------------------------------------------------------


@dataclass
class Person:
    key: str
    role: Role | None
    email: str
    side: str | None = None
    """'A' or 'B' for a company's people, None for staff and individuals."""
    headers: dict[str, str] = field(default_factory=dict)
    token: str = ""
    user_id: str = ""


@dataclass
class Side:
    """What one company owns, through the APIs; its ids and emails are its secrets."""

    name: str
    company_id: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    """Resource kind -> id: booking, invoice, credit_note, group, participant, ..."""
    private: set[str] = field(default_factory=set)
    """Text only this company's people (and staff) may ever see in a body."""


class Platform:
    """Five running services, their clients, and the seeding steps."""

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.clock = tokens.clock
        self.services: dict[str, RunningService] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.people: dict[str, Person] = {}
        self.sides = {"A": Side("A"), "B": Side("B")}
        self.public_ids: dict[str, str] = {}
        self.secrets: Secrets | None = None

    def app(self, service: str) -> FastAPI:
        return self.services[service].app

    def client(self, service: str) -> httpx.AsyncClient:
        return self.clients[service]

    async def events(self, service: str, name: str) -> list[dict[str, Any]]:
        """Payloads of the events of this name the service committed, oldest first."""
        runtime = self.services[service].runtime
        outbox = runtime.delivery.outbox
        async with runtime.db.sessions() as session:
            rows = await session.execute(
                select(outbox.c.body).where(outbox.c.name == name).order_by(outbox.c.id)
            )
            return [json.loads(body)["payload"] for (body,) in rows]

    async def call(self, service: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.clients[service].request(method, path, **kwargs)

    async def expect(self, status: int, service: str, method: str, path: str, **kwargs: Any) -> Any:
        answer = await self.call(service, method, path, **kwargs)
        assert answer.status_code == status, f"{method} {service}{path}: {answer.text}"
        return answer.json() if answer.content else None

    # people

    async def log_in(self, person: Person, secrets: Secrets) -> Person:
        body = await self.expect(
            200, "accounts", "POST", "/token", json={"email": person.email, "password": PASSWORD}
        )
        person.token = body["access_token"]
        person.headers = {"Authorization": f"Bearer {person.token}"}
        person.user_id = jwt.decode(person.token, options={"verify_signature": False})["sub"]
        secrets.add_token(person.token)
        self.people[person.key] = person
        return person

    async def fresh_token(self, person: Person) -> str:
        """Another session of the same person (for calls that end theirs)."""
        body = await self.expect(
            200, "accounts", "POST", "/token", json={"email": person.email, "password": PASSWORD}
        )
        if self.secrets is not None:
            self.secrets.add_token(body["access_token"])
        return str(body["access_token"])

    async def set_password_by_link(self, email: str, secrets: Secrets) -> None:
        [invited] = [
            e
            for e in await self.events("accounts", "accounts.user.invited.v1")
            if e["email"] == email
        ]
        token = parse_qs(urlsplit(invited["set_password_url"]).query)["token"][0]
        secrets.add("link token", token)
        await self.expect(
            204, "accounts", "POST", "/password/set", json={"token": token, "password": PASSWORD}
        )

    def participant(self, email: str, side: str, secrets: Secrets) -> Person:
        """Accounts makes no participant accounts yet: a token as accounts would sign it."""
        token = self.tokens.sign(self.tokens.claims(Role.PARTICIPANT, email=email))
        secrets.add_token(token)
        person = Person(
            "participant",
            Role.PARTICIPANT,
            email,
            side,
            {"Authorization": f"Bearer {token}"},
            token,
        )
        self.people[person.key] = person
        return person

    async def seed_people(self, secrets: Secrets) -> None:
        """An admin (operator command), staff (by the admin), an individual, two companies
        each with an enrollment manager and an HR user: every one logged in."""
        self.secrets = secrets
        secrets.add("password", PASSWORD)
        runtime = self.services["accounts"].runtime
        settings = runtime.settings
        assert isinstance(settings, AccountsSettings)
        async with runtime.unit_of_work() as uow:
            _, _, url = await create_first_admin(
                uow, settings, email="admin@training.example", full_name="Ada Admin"
            )
        token = parse_qs(urlsplit(url).query)["token"][0]
        secrets.add("link token", token)
        await self.expect(
            204, "accounts", "POST", "/password/set", json={"token": token, "password": PASSWORD}
        )
        admin = await self.log_in(Person("admin", Role.ADMIN, "admin@training.example"), secrets)
        for role in (Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER):
            email = f"{role.value.replace('_', '-')}@training.example"
            await self.expect(
                201,
                "accounts",
                "POST",
                "/staff",
                json={"email": email, "full_name": role.value.title(), "role": role.value},
                headers=admin.headers,
            )
            await self.set_password_by_link(email, secrets)
            await self.log_in(Person(role.value, role, email), secrets)
        await self.expect(
            201,
            "accounts",
            "POST",
            "/register",
            json={"email": "ivy@individual.example", "password": PASSWORD, "full_name": "Ivy"},
        )
        await self.log_in(Person("individual", Role.INDIVIDUAL, "ivy@individual.example"), secrets)
        numbers = {"A": ("FR", "732 829 320"), "B": ("BE", "0403.170.701")}
        for name, side in self.sides.items():
            domain = f"company-{name.lower()}.example"
            country, number = numbers[name]
            registered = await self.expect(
                201,
                "accounts",
                "POST",
                "/companies/register",
                json={
                    "legal_name": f"Company {name} SA",
                    "country": country,
                    "registration_number": number,
                    "email": f"manager@{domain}",
                    "password": PASSWORD,
                    "full_name": f"Manager {name}",
                },
            )
            side.company_id = registered["company"]["id"]
            side.private |= {side.company_id, registered["user"]["id"], domain}
            manager = await self.log_in(
                Person(f"manager {name}", Role.ENROLLMENT_MANAGER, f"manager@{domain}", name),
                secrets,
            )
            hr_email = f"hr@{domain}"
            added = await self.expect(
                201,
                "accounts",
                "POST",
                f"/companies/{side.company_id}/users",
                json={"email": hr_email, "full_name": f"Hanna {name}", "role": "hr"},
                headers=manager.headers,
            )
            side.private.add(added["id"])
            await self.set_password_by_link(hr_email, secrets)
            await self.log_in(Person(f"hr {name}", Role.HR, hr_email, name), secrets)

    # what the companies own

    async def seed_world(self, secrets: Secrets) -> None:
        """Through the APIs: a catalogue, each company's agreement, bookings (validated,
        invoiced, one cancelled with its credit note), change requests, an in-company
        group with a participant, an approved HR attestation, and their messages."""
        p = self.people
        staff_cs, planner = p["customer_service"].headers, p["planner"].headers

        async def companies_known() -> bool:
            found = await self.call("enrollment", "GET", "/companies", headers=staff_cs)
            ids = {c["id"] for c in found.json()}
            return all(s.company_id in ids for s in self.sides.values())

        await wait_until(companies_known, message="the companies in enrollment")
        course = await self.expect(
            201,
            "enrollment",
            "POST",
            "/courses",
            json={"code": "SEC-101", "title": "Secure coding", "list_price": "900.00"},
            headers=planner,
        )
        session = await self.expect(
            201,
            "enrollment",
            "POST",
            "/sessions",
            json={
                "course_id": course["id"],
                "starts_at": SESSION_START.isoformat(),
                "ends_at": (SESSION_START + timedelta(hours=7)).isoformat(),
                "location": "Paris",
                "seats": 50,
            },
            headers=planner,
        )
        self.public_ids["session"] = session["id"]
        await self.expect(
            201,
            "incompany",
            "POST",
            "/courses",
            json={"code": "IC-SEC", "title": "Security awareness", "duration_minutes": 210},
            headers=planner,
        )
        await self.expect(
            201,
            "enrollment",
            "POST",
            "/bookings",
            json={
                "session_id": session["id"],
                "trainees": [{"full_name": "Ivy", "email": "ivy@individual.example"}],
            },
            headers=p["individual"].headers,
        )
        for n, (name, side) in enumerate(self.sides.items()):
            await self._seed_enrollment(name, side, session["id"], 700 + n + 0.37)
        for name, side in self.sides.items():
            await self._seed_billing(name, side)
        for name, side in self.sides.items():
            await self._seed_incompany(name, side, secrets)
        await self._seed_messages()

    async def _seed_enrollment(self, name: str, side: Side, session_id: str, price: float) -> None:
        p = self.people
        manager = p[f"manager {name}"]
        agreement = await self.expect(
            201,
            "enrollment",
            "POST",
            f"/companies/{side.company_id}/agreements",
            json={"course_prices": {"SEC-101": f"{price:.2f}"}, "reference": f"AGR-{name}-77"},
            headers=p["customer_service"].headers,
        )
        side.ids["agreement"] = agreement["id"]
        side.private |= {agreement["id"], f"AGR-{name}-77", f"{price:.2f}"}
        domain = f"company-{name.lower()}.example"
        booked = await self.expect(
            201,
            "enrollment",
            "POST",
            "/bookings",
            json={
                "session_id": session_id,
                "trainees": [
                    {"full_name": f"Manager {name}", "email": manager.email},
                    {"full_name": f"Colleague {name}", "email": f"colleague@{domain}"},
                ],
            },
            headers=manager.headers,
        )
        side.ids["booking"] = booked[0]["id"]
        side.ids["other booking"] = booked[1]["id"]
        side.private |= {b["id"] for b in booked} | {booked[0]["request_id"]}
        for booking in booked:
            await self.expect(
                200,
                "enrollment",
                "POST",
                f"/bookings/{booking['id']}/validate",
                headers=p["customer_service"].headers,
            )
        change = await self.expect(
            201,
            "enrollment",
            "POST",
            f"/bookings/{side.ids['other booking']}/change-requests",
            json={"kind": "cancel", "message": f"Colleague {name} cannot come"},
            headers=manager.headers,
        )
        side.ids["change request"] = change["id"]
        side.private.add(change["id"])

    async def _seed_billing(self, name: str, side: Side) -> None:
        p = self.people
        cs = p["customer_service"].headers

        async def billables_exist() -> bool:
            for kind in ("booking", "other booking"):
                found = await self.call(
                    "billing", "GET", f"/billables/{side.ids[kind]}", headers=cs
                )
                if found.status_code != 200:
                    return False
            return True

        await wait_until(billables_exist, message=f"company {name}'s billables")
        for kind in ("booking", "other booking"):
            invoice = await self.expect(
                201,
                "billing",
                "POST",
                "/invoices",
                json={"reference_id": side.ids[kind]},
                headers=cs,
            )
            side.ids["invoice" if kind == "booking" else "other invoice"] = invoice["id"]
            side.private.add(invoice["id"])  # numbers are per kind: 2027-000002 is both
        await self.expect(
            200,
            "enrollment",
            "POST",
            f"/change-requests/{side.ids['change request']}/resolve",
            json={"outcome": "cancelled", "reason": "asked by the customer"},
            headers=cs,
        )

        async def credit_noted() -> bool:
            notes = await self.call(
                "billing",
                "GET",
                "/credit-notes",
                params={"reference_id": side.ids["other booking"]},
                headers=cs,
            )
            return len(notes.json()) == 1

        await wait_until(credit_noted, message=f"company {name}'s credit note")
        [note] = (
            await self.call(
                "billing",
                "GET",
                "/credit-notes",
                params={"reference_id": side.ids["other booking"]},
                headers=cs,
            )
        ).json()
        side.ids["credit note"] = note["id"]
        side.private.add(note["id"])

    async def _seed_incompany(self, name: str, side: Side, secrets: Secrets) -> None:
        p = self.people
        manager, hr = p[f"manager {name}"], p[f"hr {name}"]
        planner, cs = p["planner"].headers, p["customer_service"].headers
        plan = await self.expect(
            201,
            "incompany",
            "POST",
            "/training-plans",
            data={"year": "2027", "reference": f"PLAN-{name}-2027"},
            files={"document": (f"plan-{name}.pdf", PDF, "application/pdf")},
            headers=manager.headers,
        )
        side.ids["plan"] = plan["id"]
        side.private |= {plan["id"], f"PLAN-{name}-2027", f"plan-{name}.pdf"}
        request = await self.expect(
            201,
            "incompany",
            "POST",
            "/requests",
            json={
                "course_code": "IC-SEC",
                "desired_from": "2027-04-10",
                "desired_until": "2027-04-14",
                "expected_participants": 8,
                "hr_contact": {"email": hr.email, "full_name": f"Hanna {name}"},
                "comment": f"Request of company {name}",
            },
            headers=manager.headers,
        )
        side.ids["request"] = request["id"]
        side.private.add(request["id"])
        await self.expect(
            201,
            "incompany",
            "POST",
            f"/requests/{request['id']}/availability",
            json={
                "starts_at": (GROUP_START - timedelta(hours=1)).isoformat(),
                "ends_at": (GROUP_END + timedelta(hours=1)).isoformat(),
                "trainer_name": "Tina Trainer",
            },
            headers=planner,
        )
        proposed = await self.expect(
            201,
            "incompany",
            "POST",
            f"/requests/{request['id']}/proposals",
            json={
                "options": [
                    {
                        "sessions": [
                            {"starts_at": GROUP_START.isoformat(), "ends_at": GROUP_END.isoformat()}
                        ]
                    }
                ]
            },
            headers=planner,
        )
        [group] = await self.expect(
            201,
            "incompany",
            "POST",
            f"/requests/{request['id']}/confirmation",
            json={"proposal_id": proposed["proposals"][0]["id"]},
            headers=manager.headers,
        )
        side.ids["group"] = group["id"]
        side.private |= {group["id"], group["reference"]}
        attestation = await self.expect(
            201,
            "incompany",
            "POST",
            "/attestations",
            data={"full_name": f"Hanna {name}", "position_title": "HR manager"},
            files={"document": (f"attestation-{name}.pdf", PDF, "application/pdf")},
            headers=hr.headers,
        )
        side.ids["attestation"] = attestation["id"]
        side.private |= {attestation["id"], f"attestation-{name}.pdf"}
        await self.expect(
            200, "incompany", "POST", f"/attestations/{attestation['id']}/approval", headers=cs
        )
        number = nrn(100 + len(side.ids), "900101" if name == "A" else "880202")
        secrets.add("national register number", number)
        participant_email = f"participant@company-{name.lower()}.example"
        added = await self.expect(
            201,
            "incompany",
            "POST",
            f"/groups/{group['id']}/participants",
            json={
                "full_name": f"Pat {name}",
                "email": participant_email,
                "national_register_number": number,
            },
            headers=hr.headers,
        )
        side.ids["participant"] = added["id"]
        side.ids["nrn"] = number
        side.private |= {added["id"], number, added["national_register_number"]}
        if name == "A":
            self.participant(participant_email, name, secrets)

    async def _seed_messages(self) -> None:
        cs = self.people["customer_service"].headers

        async def messages_recorded() -> bool:
            found = (
                await self.call(
                    "notifications", "GET", "/messages", params={"limit": 500}, headers=cs
                )
            ).json()
            recipients = {m["recipient_email"] for m in found}
            return all(self.people[f"manager {n}"].email in recipients for n in self.sides)

        await wait_until(messages_recorded, message="the companies' messages")
        found = (
            await self.call("notifications", "GET", "/messages", params={"limit": 500}, headers=cs)
        ).json()
        for name, side in self.sides.items():
            mine = [
                m for m in found if m["recipient_email"] == self.people[f"manager {name}"].email
            ]
            side.ids["message"] = mine[0]["id"]
            side.private |= {m["id"] for m in mine}


def service_settings(name: str, database_url: str, public_key: str, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "service_name": name,
        "database_url": database_url,
        "jwt_public_key": public_key,
        "log_format": "json",
        "outbox_poll_seconds": 0.2,
        "outbox_max_backoff_seconds": 0.5,
        "retry_backoff_seconds": 0.01,
        "graceful_timeout_seconds": 5,
    }
    values.update(extra)
    return DEFINITIONS[name].settings_class.model_validate(values)


def platform_settings(
    keys: tuple[str, str], urls: dict[str, str], **per_service: dict[str, Any]
) -> dict[str, Any]:
    private, public = keys
    extra: dict[str, dict[str, Any]] = {
        "accounts": {"jwt_private_key": private, "public_base_url": "https://app.example"},
        "incompany": {
            "nrn_encryption_keys": Fernet.generate_key().decode(),
            "nrn_index_key": "blind-index-key-of-the-security-suite",
            "platform_link_key": "platform-link-key-of-the-security-suite",
            "deadline_poll_seconds": 3600,
        },
    }
    return {
        name: service_settings(
            name, urls[name], public, **{**extra.get(name, {}), **per_service.get(name, {})}
        )
        for name in urls
    }


@contextlib.asynccontextmanager
async def start_platform(
    keys: tuple[str, str],
    new_database: Callable[[], Awaitable[str]],
    only: tuple[str, ...] = tuple(DEFINITIONS),
    **per_service: dict[str, Any],
) -> AsyncIterator[Platform]:
    """The five services on their own PostgreSQL databases and one in-process bus.

    Clients do not raise the app's exceptions: an unhandled error is the 500 a
    caller would get, which the tests report as such.
    """
    clock = ManualClock(NOW)
    platform = Platform(Tokens(keys[0], keys[1], clock))
    urls = {name: await new_database() for name in only}
    settings = platform_settings(keys, urls, **per_service)
    bus = InProcessBus()
    async with contextlib.AsyncExitStack() as stack:
        for name in only:
            definition = DEFINITIONS[name]
            service = await stack.enter_async_context(
                running_service(definition, settings[name], clock=clock, bus=bus)
            )
            platform.services[name] = service
            transport = httpx.ASGITransport(app=service.app, raise_app_exceptions=False)
            platform.clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://test")
            )
        yield platform


@pytest.fixture(scope="session")
def platform_keys() -> tuple[str, str]:
    """The token signing key pair of the suite's platforms (accounts signs, all verify)."""
    return generate_key_pair()


@pytest.fixture
def platform_factory(
    platform_keys: tuple[str, str], fresh_database: Callable[[], Awaitable[str]]
) -> Callable[..., contextlib.AbstractAsyncContextManager[Platform]]:
    """`async with platform_factory(notifications={...}) as platform:` for one test."""

    def start(
        only: tuple[str, ...] = tuple(DEFINITIONS), **per_service: dict[str, Any]
    ) -> contextlib.AbstractAsyncContextManager[Platform]:
        return start_platform(platform_keys, fresh_database, only, **per_service)

    return start


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def platform(
    platform_keys: tuple[str, str],
    module_database: Callable[[], Awaitable[str]],
    secrets: Secrets,
    log_tape: LogTape,
) -> AsyncIterator[Platform]:
    """A platform for a whole module, its people seeded and logged in."""
    async with start_platform(platform_keys, module_database) as started:
        await started.seed_people(secrets)
        yield started
