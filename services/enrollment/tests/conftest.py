"""Enrollment under test: a running service with a manual clock, tokens and shortcuts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select

from chassis.clock import ManualClock
from chassis.consumers import handle_once
from chassis.inprocess import InProcessBus
from contracts import Envelope
from contracts.accounts import CompanyRegisteredV1
from contracts.billing import InvoiceIssuedV1, InvoiceIssuedV2
from contracts.identity import Role
from enrollment.service import DEFINITION
from enrollment.settings import EnrollmentSettings
from testkit.services import running_service
from testkit.tokens import TokenMinter

# Wednesday 25 November 2026, 10:00 in Paris.
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


class Enrollment:
    """A running enrollment service with its clock, a token minter and shortcuts.

    Test modules cannot import this conftest (pytest's importlib mode), so the
    helpers are reached through this object.
    """

    def __init__(self, service, clock: ManualClock, minter: TokenMinter) -> None:
        self.service = service
        self.runtime = service.runtime
        self.client = service.client
        self.clock = clock
        self.minter = minter

    # callers: tokens outlive the clock moves of a test (expiry is the chassis' own test)
    def headers(self, *roles: Role, **claims) -> dict[str, str]:
        return self.minter.headers(*roles, lifetime=timedelta(days=400), **claims)

    def staff(self) -> dict[str, str]:
        return self.headers(Role.CUSTOMER_SERVICE, email="cs@training.example")

    def planner(self) -> dict[str, str]:
        return self.headers(Role.PLANNER, email="planner@training.example")

    def individual(self, email: str = "ines@example.fr") -> dict[str, str]:
        return self.headers(Role.INDIVIDUAL, email=email)

    def manager(self, company_id: UUID, email: str = "manon@corp.example") -> dict[str, str]:
        return self.headers(Role.ENROLLMENT_MANAGER, email=email, company_id=company_id)

    # catalogue
    async def course(self, code: str = "PY-101", price: str = "1000.00") -> dict:
        answer = await self.client.post(
            "/courses",
            json={"code": code, "title": f"Cours {code}", "list_price": price},
            headers=self.planner(),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def session(
        self, course_id: str, *, seats: int = 12, starts_in: timedelta = timedelta(days=30)
    ) -> dict:
        starts = self.clock.now() + starts_in
        answer = await self.client.post(
            "/sessions",
            json={
                "course_id": course_id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "location": "12 rue de la Paix, Paris",
                "seats": seats,
            },
            headers=self.planner(),
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def company(self, name: str = "Corp SAS") -> UUID:
        company_id = uuid4()
        await self.deliver(
            CompanyRegisteredV1(
                company_id=company_id,
                legal_name=name,
                country="FR",
                registration_number="732829320",
                registered_by_user_id=uuid4(),
            )
        )
        return company_id

    async def book(self, session_id: str, headers: dict, *trainees: tuple[str, str], **extra):
        return await self.client.post(
            "/bookings",
            json={
                "session_id": session_id,
                "trainees": [{"full_name": n, "email": e} for n, e in trainees],
                **extra,
            },
            headers=headers,
        )

    async def invoice(
        self, booking: dict, invoiced_total: str, number: str = "2026-000001", *, v2=False
    ):
        facts = {
            "invoice_id": uuid4(),
            "number": number,
            "kind": "public_booking",
            "reference_id": UUID(booking["id"]),
            "amount": Decimal(invoiced_total),
            "invoiced_total": Decimal(invoiced_total),
            "price": Decimal(booking["price"]),
            "payer_name": "Corp SAS",
            "payer_email": booking["placed_by_email"],
        }
        if not v2:
            await self.deliver(InvoiceIssuedV1(**facts))
            return
        await self.deliver(
            InvoiceIssuedV2(
                **facts,
                due_on=date(2027, 1, 31),
                payment_reference="+++202/6000/00192+++",
                pdf_base64="JVBERi0xLjQK",
            )
        )

    # the bus
    async def deliver(self, event, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or Envelope.wrap(
            event, producer="tests", occurred_at=self.clock.now(), correlation_id="test"
        )
        [consumer] = [c for c in DEFINITION.consumers if isinstance(event, c.queue.event)]
        await handle_once(envelope, event, consumer, self.runtime)
        return envelope

    async def published(self, name: str) -> list[dict]:
        """Payloads enrollment wrote to its outbox under `name`, oldest first."""
        outbox = self.runtime.delivery.outbox
        async with self.runtime.db.session() as session:
            rows = await session.execute(
                select(outbox.c.body).where(outbox.c.name == name).order_by(outbox.c.id)
            )
            return [json.loads(body)["payload"] for (body,) in rows]


@pytest.fixture
async def start_enrollment(tmp_path):
    started = []

    async def start(*, database_url: str | None = None, now: datetime = NOW, **overrides):
        clock = ManualClock(now)
        minter = TokenMinter(clock)
        settings = EnrollmentSettings(
            service_name="enrollment",
            data_dir=tmp_path,
            jwt_public_key=minter.public_key_pem,
            log_format="console",
            overdue_scan_seconds=3600,
            **({"database_url": database_url} if database_url else {}),
            **overrides,
        )
        context = running_service(DEFINITION, settings, clock=clock, bus=InProcessBus())
        service = await context.__aenter__()
        started.append(context)
        return Enrollment(service, clock, minter)

    yield start
    for context in reversed(started):
        await context.__aexit__(None, None, None)


@pytest.fixture
async def enrollment(start_enrollment) -> Enrollment:
    return await start_enrollment()
