"""Incompany under test: SQLite in tmp_path (or PostgreSQL), in-process bus, ManualClock.

Test modules cannot import this conftest (pytest's importlib mode), so the
steps of the process (a company, a course, a plan, a request, its planning,
an approved HR user, participants) come as methods of the `Incompany` object.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from chassis.clock import ManualClock
from chassis.consumers import handle_once
from chassis.inprocess import InProcessBus
from chassis.service import Runtime
from contracts import Envelope
from contracts.accounts import CompanyRegisteredV1
from contracts.identity import Role
from incompany.domain.brussels_time import BRUSSELS
from incompany.entrypoints.scans import fire_due_deadlines
from incompany.service import DEFINITION
from incompany.settings import IncompanySettings
from testkit.services import running_service
from testkit.tokens import TokenMinter

PDF = b"%PDF-1.4 signed document"
FERNET_KEY = Fernet.generate_key().decode()
INDEX_KEY = "blind-index-key-for-tests-0123456789"
PLATFORM_KEY = "platform-link-key-for-tests-0123456789"


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


NOW = brussels(2027, 1, 4, 9, 0)
"""The tests' "today": Monday 4 January 2027, 09:00 in Brussels (winter time)."""
START = brussels(2027, 4, 12, 9, 0)
"""The class: Monday 12 April 2027, 09:00-12:30 Brussels (summer time)."""
END = brussels(2027, 4, 12, 12, 30)


def nrn(serial: int, birth: str = "850730") -> str:
    """A valid Belgian national register number (born before 2000), e.g. 85.07.30-033.28."""
    base = f"{birth}{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def incompany_settings(tmp_path: Any, **overrides: Any) -> IncompanySettings:
    values: dict[str, Any] = {
        "service_name": "incompany",
        "data_dir": tmp_path,
        "log_format": "console",
        "nrn_encryption_keys": FERNET_KEY,
        "nrn_index_key": INDEX_KEY,
        "platform_link_key": PLATFORM_KEY,
        "platform_base_url": "https://learn.example/start",
        "public_base_url": "https://customer.example",
        "class_link_template": "https://learn.example/class/{group_reference}",
    }
    values.update(overrides)
    return IncompanySettings(**values)


class Company:
    def __init__(self, service: Incompany, company_id: UUID, name: str) -> None:
        self.service = service
        self.id = company_id
        self.name = name
        self.manager_id = uuid4()
        self.hr_id = uuid4()

    @property
    def manager(self) -> dict[str, str]:
        return self.service.minter.headers(
            Role.ENROLLMENT_MANAGER,
            user_id=self.manager_id,
            company_id=self.id,
            email=f"manager@{self.name.lower()}.example",
        )

    @property
    def hr(self) -> dict[str, str]:
        return self.service.minter.headers(
            Role.HR, user_id=self.hr_id, company_id=self.id, email=self.hr_email
        )

    @property
    def hr_email(self) -> str:
        return f"hr@{self.name.lower()}.example"


class Incompany:
    """A running incompany service and the steps of the in-company process."""

    NOW, START, END = NOW, START, END
    PDF = PDF
    brussels = staticmethod(brussels)
    nrn = staticmethod(nrn)

    def __init__(
        self, client: httpx.AsyncClient, runtime: Runtime, clock: ManualClock, minter: TokenMinter
    ) -> None:
        self.client = client
        self.runtime = runtime
        self.clock = clock
        self.minter = minter

    def staff(self, role: Role = Role.PLANNER, **kwargs: Any) -> dict[str, str]:
        return self.minter.headers(role, email=f"{role.value}@training.example", **kwargs)

    def participant(self, email: str) -> dict[str, str]:
        return self.minter.headers(Role.PARTICIPANT, email=email)

    async def events(self, name: str) -> list[dict[str, Any]]:
        """Payloads of the events of this name committed to the outbox, oldest first."""
        outbox = self.runtime.delivery.outbox
        async with self.runtime.db.sessions() as session:
            rows = await session.execute(
                select(outbox.c.body).where(outbox.c.name == name).order_by(outbox.c.id)
            )
            return [json.loads(body)["payload"] for (body,) in rows]

    async def scan(self) -> int:
        return await fire_due_deadlines(self.runtime)

    async def at(self, instant: datetime) -> int:
        """Move the clock to `instant` and run the deadline scan once."""
        self.clock.set(instant)
        return await self.scan()

    async def company(self, name: str = "Acme") -> Company:
        company = Company(self, uuid4(), name)
        event = CompanyRegisteredV1(
            company_id=company.id,
            legal_name=f"{name} SA",
            country="BE",
            registration_number="0403170701",
            registered_by_user_id=company.manager_id,
        )
        envelope = Envelope.wrap(
            event, producer="accounts", occurred_at=self.clock.now(), correlation_id="test"
        )
        [consumer] = [c for c in DEFINITION.consumers if c.queue.event is CompanyRegisteredV1]
        await handle_once(envelope, event, consumer, self.runtime)
        return company

    async def course(self, code: str = "XL-ADV", title: str = "Excel avancé") -> dict[str, Any]:
        answer = await self.client.post(
            "/courses",
            json={"code": code, "title": title, "duration_minutes": 210},
            headers=self.staff(),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    async def plan(self, company: Company, year: int = 2027) -> dict[str, Any]:
        answer = await self.client.post(
            "/training-plans",
            data={"year": str(year), "reference": f"PLAN-{year}"},
            files={"document": ("plan.pdf", PDF, "application/pdf")},
            headers=company.manager,
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    def request_body(self, company: Company, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "course_code": "XL-ADV",
            "desired_from": "2027-04-01",
            "desired_until": "2027-04-30",
            "expected_participants": 8,
            "hr_contact": {"email": company.hr_email, "full_name": "Hanna HR", "language": "nl"},
        }
        body.update(overrides)
        return body

    async def request(self, company: Company, **overrides: Any) -> dict[str, Any]:
        answer = await self.client.post(
            "/requests", json=self.request_body(company, **overrides), headers=company.manager
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    async def availability(
        self,
        request_id: str,
        starts_at: datetime,
        ends_at: datetime,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        answer = await self.client.post(
            f"/requests/{request_id}/availability",
            json={
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "trainer_name": "Tina Trainer",
                **extra,
            },
            headers=headers or self.staff(),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    async def propose(
        self, request_id: str, *options: list[tuple[datetime, datetime]]
    ) -> dict[str, Any]:
        body = {
            "options": [
                {"sessions": [{"starts_at": s.isoformat(), "ends_at": e.isoformat()} for s, e in o]}
                for o in options
            ]
        }
        answer = await self.client.post(
            f"/requests/{request_id}/proposals", json=body, headers=self.staff()
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    async def confirm(self, company: Company, request_id: str, proposal_id: str) -> list[Any]:
        answer = await self.client.post(
            f"/requests/{request_id}/confirm",
            json={"proposal_id": proposal_id},
            headers=company.manager,
        )
        assert answer.status_code == 201, answer.text
        return answer.json()["groups"]  # type: ignore[no-any-return]

    async def group(
        self,
        company: Company | None = None,
        starts_at: datetime = START,
        ends_at: datetime = END,
    ) -> tuple[Company, dict[str, Any]]:
        """A company with a plan and a confirmed request: one planned group."""
        company = company or await self.company()
        if not await self.has_course():
            await self.course()
        desired_from = (starts_at - timedelta(days=2)).astimezone(BRUSSELS).date()
        plans = await self.client.get("/training-plans", headers=company.manager)
        if desired_from.year not in {p["year"] for p in plans.json()["items"]}:
            await self.plan(company, desired_from.year)
        request = await self.request(
            company,
            desired_from=desired_from.isoformat(),
            desired_until=(ends_at + timedelta(days=2)).astimezone(BRUSSELS).date().isoformat(),
        )
        await self.availability(
            request["id"], starts_at - timedelta(hours=1), ends_at + timedelta(hours=1)
        )
        proposed = await self.propose(request["id"], [(starts_at, ends_at)])
        [group] = await self.confirm(company, request["id"], proposed["proposals"][0]["id"])
        return company, group

    async def has_course(self, code: str = "XL-ADV") -> bool:
        answer = await self.client.get(f"/courses/{code}", headers=self.staff())
        return answer.status_code == 200

    async def approve_hr(self, company: Company) -> dict[str, str]:
        """The company's HR user uploads an attestation and customer service approves it."""
        answer = await self.client.post(
            "/attestations",
            data={"full_name": "Hanna HR", "position_title": "HR manager"},
            files={"document": ("attestation.pdf", PDF, "application/pdf")},
            headers=company.hr,
        )
        assert answer.status_code == 201, answer.text
        review = await self.client.post(
            f"/attestations/{answer.json()['id']}/approve",
            headers=self.staff(Role.CUSTOMER_SERVICE),
        )
        assert review.status_code == 200, review.text
        return company.hr

    async def add(
        self, company: Company, group_id: str, serial: int, **overrides: Any
    ) -> httpx.Response:
        body = {
            "full_name": f"Person {serial}",
            "email": f"person{serial}@{company.name.lower()}.example",
            "national_register_number": nrn(serial),
            "language": "fr",
        }
        body.update(overrides)
        return await self.client.post(
            f"/groups/{group_id}/participants", json=body, headers=company.hr
        )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def minter(clock) -> TokenMinter:
    return TokenMinter(clock)


@pytest.fixture
def start_incompany(tmp_path, clock, minter):
    """Start incompany with setting overrides: `async with start_incompany(**o) as s:`.

    Without `background`, the deadline scan runs only when a test calls `scan()`.
    Without `broker`, events go through the in-process bus (no RabbitMQ needed).
    Several instances may run at once (same clock, same token keys).
    """

    @contextlib.asynccontextmanager
    async def start(
        *, background: bool = False, broker: bool = False, **overrides: Any
    ) -> AsyncIterator[Incompany]:
        settings = incompany_settings(tmp_path, jwt_public_key=minter.public_key_pem, **overrides)
        definition = DEFINITION if background else dataclasses.replace(DEFINITION, background=())
        bus = None if broker else InProcessBus()
        async with running_service(definition, settings, clock=clock, bus=bus) as s:
            service = Incompany(s.client, s.runtime, clock, minter)
            service.app = s.app
            yield service

    return start


@pytest.fixture
async def incompany(start_incompany) -> AsyncIterator[Incompany]:
    async with start_incompany() as service:
        yield service
