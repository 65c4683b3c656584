"""Notifications under test: a real SMTP server (aiosmtpd), sample events, a running service."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import socket
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from uuid import uuid4

import pytest
from aiosmtpd.controller import Controller

from chassis.clock import ManualClock
from chassis.consumers import handle_once
from chassis.inprocess import InProcessBus
from chassis.testing import TokenMinter, running_service
from contracts import Envelope
from contracts.accounts import (
    EmailChangeRequestedV1,
    PasswordResetRequestedV1,
    UserEmailChangedV1,
    UserInvitedV1,
    UserRegisteredV1,
)
from contracts.billing import CreditNoteIssuedV1, InvoiceIssuedV1
from contracts.enrollment import (
    BookingRejectedV1,
    BookingValidatedV1,
    ChangeRequestResolvedV1,
    SessionFacts,
    Trainee,
    ValidationOverdueV1,
)
from notifications.service import DEFINITION
from notifications.settings import NotificationsSettings

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
SENDER = "Formations <no-reply@training.example>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailSink:
    """An aiosmtpd handler keeping what it accepted; it can answer DATA with 451 or stall."""

    def __init__(self) -> None:
        self.accepted: list[email.message.EmailMessage] = []
        self.data_seen: list[email.message.EmailMessage] = []
        self.recipients: list[str] = []
        self.refuse_next = 0
        self.stall_seconds = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.data_seen.append(message)
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 4.3.0 try later"
        if self.stall_seconds:
            await asyncio.sleep(self.stall_seconds)
        self.accepted.append(message)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.accepted if m["To"] == address]


@pytest.fixture
def smtp_server():
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SimpleNamespace(sink=sink, port=controller.port)
    finally:
        controller.stop()


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connections are refused."""
    return free_port()


def settings_for(tmp_path, minter: TokenMinter, **overrides) -> NotificationsSettings:
    return NotificationsSettings(
        service_name="notifications",
        data_dir=tmp_path,
        jwt_public_key=minter.public_key_pem,
        smtp_from=SENDER,
        staff_alerts_email="alerts@training.example",
        **overrides,
    )


WITHOUT_LOOP = dataclasses.replace(DEFINITION, background=[])
"""The service without its delivery loop: tests call send_due_messages themselves."""


@pytest.fixture
async def start_notifications(tmp_path):
    """Start notifications with given settings; tests drive delivery by hand by default."""
    started = []

    async def start(*, definition=WITHOUT_LOOP, **overrides):
        clock = ManualClock(NOW)
        minter = TokenMinter(clock)
        settings = settings_for(tmp_path, minter, **overrides)
        context = running_service(definition, settings, clock=clock, bus=InProcessBus())
        service = await context.__aenter__()
        started.append(context)
        service.clock, service.minter = clock, minter
        return service

    yield start
    for context in reversed(started):
        await context.__aexit__(None, None, None)


@pytest.fixture
async def notifications(start_notifications, smtp_server):
    """Notifications sending to the test's SMTP server."""
    service = await start_notifications(smtp_host="127.0.0.1", smtp_port=smtp_server.port)
    service.smtp = smtp_server.sink
    return service


async def deliver(service, event, envelope: Envelope | None = None) -> Envelope:
    """Hand an event to the consumer that takes it, through the chassis inbox."""
    envelope = envelope or Envelope.wrap(
        event, producer="tests", occurred_at=service.clock.now(), correlation_id="test"
    )
    [consumer] = [c for c in DEFINITION.consumers if isinstance(event, c.queue.event)]
    await handle_once(envelope, event, consumer, service.runtime)
    return envelope


SESSION = SessionFacts(
    session_id=uuid4(),
    course_code="PY-101",
    course_title="Python pour débutants",
    starts_at=datetime(2026, 12, 7, 8, 30, tzinfo=UTC),
    ends_at=datetime(2026, 12, 8, 16, 0, tzinfo=UTC),
    location="12 rue de la Paix, Paris",
)


class Events:
    """One sample of each event notifications consumes."""

    def registered(self, language="fr", email="ann@example.be"):
        return UserRegisteredV1(
            user_id=uuid4(),
            email=email,
            full_name="Ann Peeters",
            language=language,
            account_kind="individual",
        )

    def invited(self, language="fr"):
        return UserInvitedV1(
            user_id=uuid4(),
            email="bob@example.be",
            full_name="Bob Martin",
            language=language,
            set_password_url="https://training.example/set-password?token=SECRET-INVITE",
            expires_at=NOW + timedelta(days=3),
            reason="enrollment_by_staff",
        )

    def reset(self, language="fr", email="ann@example.be"):
        return PasswordResetRequestedV1(
            user_id=uuid4(),
            email=email,
            language=language,
            reset_url="https://training.example/reset?token=SECRET-RESET",
            expires_at=NOW + timedelta(hours=1),
        )

    def email_change(self, language="fr"):
        return EmailChangeRequestedV1(
            user_id=uuid4(),
            current_email="old@example.be",
            new_email="new@example.be",
            language=language,
            confirm_url="https://training.example/confirm-email?token=SECRET-CHANGE",
            expires_at=NOW + timedelta(days=1),
        )

    def email_changed(self, language="fr"):
        return UserEmailChangedV1(
            user_id=uuid4(),
            old_email="old@example.be",
            new_email="new@example.be",
            language=language,
        )

    def validated(self, language="fr", trainee_email="trainee@corp.example", session=SESSION):
        return BookingValidatedV1(
            booking_id=uuid4(),
            session=session,
            trainee=Trainee(full_name="Tom Trainee", email=trainee_email),
            placed_by_email="manager@corp.example",
            placed_by_user_id=uuid4(),
            company_id=uuid4(),
            language=language,
            price=Decimal("1250.00"),
        )

    def rejected(self, language="fr"):
        return BookingRejectedV1(
            booking_id=uuid4(),
            session=SESSION,
            placed_by_email="manager@corp.example",
            language=language,
            reason="Session complète",
        )

    def resolved(self, outcome="cancelled", language="fr"):
        return ChangeRequestResolvedV1(
            change_request_id=uuid4(),
            booking_id=uuid4(),
            outcome=outcome,
            reason="À votre demande",
            placed_by_email="manager@corp.example",
            language=language,
            session=SESSION,
        )

    def overdue(self):
        return ValidationOverdueV1(
            booking_id=uuid4(),
            session=SESSION,
            requested_at=NOW - timedelta(days=2),
            due_at=NOW,
        )

    def invoice(self, language="fr"):
        return InvoiceIssuedV1(
            invoice_id=uuid4(),
            number="2026-000042",
            kind="public_booking",
            reference_id=uuid4(),
            amount=Decimal("625.00"),
            invoiced_total=Decimal("625.00"),
            price=Decimal("1250.00"),
            payer_name="Corp SA",
            payer_email="billing@corp.example",
            language=language,
        )

    def credit_note(self, language="fr"):
        return CreditNoteIssuedV1(
            credit_note_id=uuid4(),
            number="2026-000043",
            kind="public_booking",
            reference_id=uuid4(),
            amount=Decimal("625.00"),
            invoiced_total=Decimal("0.00"),
            payer_email="billing@corp.example",
            language=language,
        )

    def every_kind(self, language="fr"):
        return [
            self.registered(language),
            self.invited(language),
            self.reset(language),
            self.email_change(language),
            self.email_changed(language),
            self.validated(language),
            self.rejected(language),
            *(self.resolved(o, language) for o in ("cancelled", "moved", "declined")),
            self.overdue(),
            self.invoice(language),
            self.credit_note(language),
        ]


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def deliver_event():
    return deliver
