"""Billing under test: a running service on SQLite (or PostgreSQL), tokens, sample events."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from billing.service import DEFINITION
from billing.settings import BillingSettings
from chassis.clock import ManualClock
from chassis.consumers import handle_once
from chassis.inprocess import InProcessBus
from contracts import Envelope
from contracts.enrollment import BookingCancelledV1, BookingValidatedV1, SessionFacts, Trainee
from contracts.identity import Role
from contracts.incompany import (
    CompanyFacts,
    GroupCancelledV1,
    GroupCompletedV1,
    GroupFacts,
    HrContact,
    ParticipantListMissingV1,
)
from testkit.services import running_service
from testkit.tokens import TokenMinter

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
COMPANY = UUID("00000000-0000-0000-0000-00000000c0de")
MANAGER = "manager@corp.example"

SESSION = SessionFacts(
    session_id=uuid4(),
    course_code="PY-101",
    course_title="Python pour débutants",
    starts_at=datetime(2026, 12, 7, 8, 30, tzinfo=UTC),
    ends_at=datetime(2026, 12, 8, 16, 0, tzinfo=UTC),
    location="12 rue de la Paix, Paris",
)


def validated(
    price: str = "1250.00", *, company_id: UUID | None = COMPANY, email: str = MANAGER
) -> BookingValidatedV1:
    return BookingValidatedV1(
        booking_id=uuid4(),
        session=SESSION,
        trainee=Trainee(full_name="Tom Trainee", email="tom@corp.example"),
        placed_by_email=email,
        placed_by_user_id=uuid4(),
        company_id=company_id,
        language="fr",
        price=Decimal(price),
    )


def cancelled(booking_id: UUID) -> BookingCancelledV1:
    return BookingCancelledV1(
        booking_id=booking_id,
        session=SESSION,
        placed_by_email=MANAGER,
        language="fr",
        reason="Annulation à la demande du client",
    )


IC_COMPANY = CompanyFacts(
    company_id=UUID("00000000-0000-0000-0000-0000000000bc"), name="Brasserie Dupont SA"
)
HR = HrContact(email="HR@Dupont.example", full_name="Hélène Ressources", language="nl")
CLASS_STARTS = datetime(2027, 4, 5, 7, 0, tzinfo=UTC)
"""Monday 5 April 2027, 09:00 in Brussels (summer time, which begins on 28 March)."""


def group(starts_at: datetime = CLASS_STARTS) -> GroupFacts:
    return GroupFacts(
        group_id=uuid4(),
        request_id=uuid4(),
        project_number="IC2027-0003",
        group_number=1,
        group_reference="IC2027-0003-01",
        course_code="XL-ADV",
        course_title="Excel avancé",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3, minutes=30),
    )


def group_cancelled(
    facts: GroupFacts, cancelled_at: datetime, *, participant_list_missing: bool = False
) -> GroupCancelledV1:
    return GroupCancelledV1(
        company=IC_COMPANY,
        hr_contact=HR,
        group=facts,
        participants=[],
        cancelled_at=cancelled_at,
        cancelled_by_email="hr@dupont.example",
        reason="Réorganisation",
        definitively_confirmed=False,
        participant_list_missing=participant_list_missing,
    )


def list_missing(facts: GroupFacts) -> ParticipantListMissingV1:
    cutoff = facts.starts_at - timedelta(days=3)
    return ParticipantListMissingV1(
        company=IC_COMPANY, hr_contact=HR, group=facts, cutoff_at=cutoff, detected_at=cutoff
    )


def group_completed(facts: GroupFacts, attended: int, registered: int = 8) -> GroupCompletedV1:
    return GroupCompletedV1(
        company=IC_COMPANY,
        hr_contact=HR,
        group=facts,
        registered_count=registered,
        attended_count=attended,
        minimum_participants=6,
        completed_at=facts.ends_at + timedelta(hours=1),
    )


def pdf_text(content: bytes) -> str:
    """The text a reader of the PDF sees, extracted by pypdf, every run of white space
    (line breaks, no-break spaces) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


async def deliver(service, event, envelope: Envelope | None = None) -> Envelope:
    """Hand an event to billing's consumer of it, through the chassis inbox."""
    envelope = envelope or Envelope.wrap(
        event, producer="tests", occurred_at=service.clock.now(), correlation_id="test"
    )
    [consumer] = [c for c in DEFINITION.consumers if isinstance(event, c.queue.event)]
    await handle_once(envelope, event, consumer, service.runtime)
    return envelope


async def published(service, name: str) -> list[dict]:
    """Payloads of the events billing wrote to its outbox under `name`, oldest first."""
    outbox = service.runtime.delivery.outbox
    async with service.runtime.db.session() as session:
        rows = await session.execute(
            select(outbox.c.body).where(outbox.c.name == name).order_by(outbox.c.id)
        )
        return [json.loads(body)["payload"] for (body,) in rows]


class Billing:
    """A running billing service with its clock, a token minter and shortcuts.

    Test modules cannot import this conftest (pytest's importlib mode), so the
    sample events and helpers are reached through this object.
    """

    COMPANY = COMPANY
    MANAGER = MANAGER
    validated = staticmethod(validated)
    cancelled = staticmethod(cancelled)
    IC_COMPANY = IC_COMPANY
    HR = HR
    CLASS_STARTS = CLASS_STARTS
    group = staticmethod(group)
    group_cancelled = staticmethod(group_cancelled)
    list_missing = staticmethod(list_missing)
    group_completed = staticmethod(group_completed)
    pdf_text = staticmethod(pdf_text)

    def __init__(self, service, clock: ManualClock, minter: TokenMinter) -> None:
        self.service = service
        self.runtime = service.runtime
        self.client = service.client
        self.clock = clock
        self.minter = minter

    @property
    def staff(self) -> dict[str, str]:
        return self.minter.headers(Role.CUSTOMER_SERVICE, email="cs@training.example")

    async def deliver(self, event, envelope: Envelope | None = None) -> Envelope:
        return await deliver(self, event, envelope)

    async def published(self, name: str) -> list[dict]:
        return await published(self, name)

    async def billable(self, *args, **kwargs) -> BookingValidatedV1:
        event = validated(*args, **kwargs)
        await deliver(self, event)
        return event

    async def invoice(self, reference_id: UUID, **body):
        return await self.client.post(
            "/invoices",
            json={"reference_id": str(reference_id), **body},
            headers=self.staff,
        )


@pytest.fixture
async def start_billing(tmp_path):
    started = []

    async def start(**overrides) -> Billing:
        clock = ManualClock(NOW)
        minter = TokenMinter(clock)
        settings = BillingSettings(
            service_name="billing",
            data_dir=tmp_path,
            jwt_public_key=minter.public_key_pem,
            log_format="console",
            seller_name="Formations SA",
            **overrides,
        )
        context = running_service(DEFINITION, settings, clock=clock, bus=InProcessBus())
        service = await context.__aenter__()
        started.append(context)
        return Billing(service, clock, minter)

    yield start
    for context in reversed(started):
        await context.__aexit__(None, None, None)


@pytest.fixture
async def billing(start_billing) -> Billing:
    return await start_billing()


@pytest.fixture
def samples() -> type[Billing]:
    """The sample events without a running service, for the rules tested without I/O."""
    return Billing
