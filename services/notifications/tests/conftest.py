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
from chassis.sealing import LinkSealer, new_key
from contracts import Envelope
from contracts.accounts import (
    EmailChangeRequestedV1,
    EmailChangeRequestedV2,
    EmailVerificationRequestedV1,
    PasswordResetRequestedV1,
    PasswordResetRequestedV2,
    SealedLink,
    UserEmailChangedV1,
    UserInvitedV1,
    UserInvitedV2,
    UserRegisteredV1,
    UserRegisteredV2,
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
from contracts.incompany import (
    CompanyFacts,
    DatesProposedV1,
    EvaluationInvitedV1,
    GroupCancelledV1,
    GroupDefinitivelyConfirmedV1,
    GroupFacts,
    GroupRescheduledV1,
    HrContact,
    ParticipantFacts,
    ParticipantListMissingV1,
    ParticipantReminderDueV1,
    PlatformLinkIssuedV1,
    ProposedOption,
    ProposedSession,
    RequestConfirmedV1,
)
from notifications.domain import addressing, incompany_addressing
from notifications.domain.staff import STAFF_RECIPIENT
from notifications.service import DEFINITION
from notifications.settings import NotificationsSettings
from testkit.services import running_service
from testkit.tokens import TokenMinter

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
SENDER = "Formations <no-reply@training.example>"
SEALING_KEY = new_key()
"""The link sealing key accounts and notifications share in these tests."""
PORTAL = "https://portal.example"


def sealed(token: str, purpose: str, user_id, expires_at: datetime) -> SealedLink:
    """A link as accounts seals it for notifications."""
    return SealedLink(
        purpose=purpose,
        sealed_token=LinkSealer.from_setting(SEALING_KEY).seal(
            token, purpose=purpose, subject=str(user_id)
        ),
        expires_at=expires_at,
    )


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
        **{"link_sealing_keys": SEALING_KEY, "public_base_url": PORTAL, **overrides},
    )


WITHOUT_LOOP = dataclasses.replace(DEFINITION, background=[])
"""The service without its delivery loop: tests call delivery_pass themselves."""


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


IC_COMPANY = CompanyFacts(company_id=uuid4(), name="Brasserie Dupont SA")
CLASS_STARTS = datetime(2027, 3, 3, 8, 0, tzinfo=UTC)
"""Wednesday 3 March 2027, 09:00 in Brussels (winter time)."""


def ic_group(number: int = 1, starts_at: datetime = CLASS_STARTS, class_link: str | None = None):
    return GroupFacts(
        group_id=uuid4(),
        request_id=uuid4(),
        project_number="IC2027-0003",
        group_number=number,
        group_reference=f"IC2027-0003-{number:02d}",
        course_code="XL-ADV",
        course_title="Excel avancé",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3, minutes=30),
        class_link=class_link
        if class_link is not None
        else f"https://meet.example/IC2027-0003-{number:02d}",
    )


def recap_line(group: GroupFacts) -> str:
    """As incompany words it (R-I4), in Brussels time."""
    starts = group.starts_at + timedelta(hours=1)  # winter time: UTC+1
    ends = group.ends_at + timedelta(hours=1)
    return (
        f"{group.project_number}/{group.group_number:02d} - {group.course_title} - "
        f"{starts:%d/%m/%Y} - {starts:%H:%M}-{ends:%H:%M}"
    )


class Events:
    """One sample of each event notifications consumes."""

    def hr(self, language="fr"):
        return HrContact(
            email="HR@Dupont.example", full_name="Hélène Ressources", language=language
        )

    def participants(self, language="fr"):
        return [
            ParticipantFacts(
                participant_id=uuid4(),
                full_name=name,
                email=f"{name.split()[0].lower()}@dupont.example",
                language=language,
            )
            for name in ("Pierre Lambert", "Sofie Peeters")
        ]

    def dates_proposed(self, language="fr"):
        return DatesProposedV1(
            request_id=uuid4(),
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            course_code="XL-ADV",
            course_title="Excel avancé",
            expected_participants=8,
            options=[
                ProposedOption(
                    proposal_id=uuid4(),
                    sessions=[
                        ProposedSession(
                            starts_at=CLASS_STARTS, ends_at=CLASS_STARTS + timedelta(hours=3.5)
                        ),
                    ],
                ),
                ProposedOption(
                    proposal_id=uuid4(),
                    sessions=[
                        ProposedSession(
                            starts_at=CLASS_STARTS + timedelta(days=7, hours=5),
                            ends_at=CLASS_STARTS + timedelta(days=7, hours=8, minutes=30),
                        ),
                    ],
                ),
            ],
        )

    def request_confirmed(self, language="fr", confirmed_by="hr@dupont.example"):
        groups = [ic_group(1), ic_group(2, CLASS_STARTS + timedelta(days=1, hours=5))]
        return RequestConfirmedV1(
            request_id=groups[0].request_id,
            project_number="IC2027-0003",
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            course_code="XL-ADV",
            course_title="Excel avancé",
            groups=groups,
            recap_lines=[recap_line(g) for g in groups],
            confirmed_by_email=confirmed_by,
        )

    def reminder_due(self, language="fr"):
        group = ic_group()
        return ParticipantReminderDueV1(
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            group=group,
            participant_count=2,
            minimum_participants=6,
            participants_until=group.starts_at - timedelta(days=3),
        )

    def definitively_confirmed(self, language="fr", participants=None):
        return GroupDefinitivelyConfirmedV1(
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            group=ic_group(),
            participants=self.participants(language) if participants is None else participants,
            confirmed_at=CLASS_STARTS - timedelta(days=15),
        )

    def platform_link(self, language="fr"):
        group = ic_group()
        return PlatformLinkIssuedV1(
            company=IC_COMPANY,
            group=group,
            participant=self.participants(language)[0],
            platform_url="https://learn.example/start?p=1&sig=SECRET-SIGNATURE",
            expires_at=group.ends_at + timedelta(days=60),
        )

    def list_missing(self, language="fr"):
        group = ic_group()
        return ParticipantListMissingV1(
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            group=group,
            cutoff_at=group.starts_at - timedelta(days=3),
            detected_at=group.starts_at - timedelta(days=3),
        )

    def evaluation_invited(self, language="fr"):
        return EvaluationInvitedV1(
            company=IC_COMPANY,
            group=ic_group(),
            participant=self.participants(language)[0],
            evaluation_url="https://customer.example/incompany/participations/1/evaluation",
        )

    def group_cancelled(self, language="fr"):
        group = ic_group()
        return GroupCancelledV1(
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            group=group,
            participants=self.participants(language),
            cancelled_at=group.starts_at - timedelta(days=10),
            cancelled_by_email="hr@dupont.example",
            reason="Réorganisation du service",
            definitively_confirmed=False,
            participant_list_missing=False,
        )

    def group_rescheduled(self, language="fr"):
        group = ic_group(starts_at=CLASS_STARTS + timedelta(days=14))
        return GroupRescheduledV1(
            company=IC_COMPANY,
            hr_contact=self.hr(language),
            group=group,
            previous_starts_at=CLASS_STARTS,
            previous_ends_at=CLASS_STARTS + timedelta(hours=3, minutes=30),
            participants=self.participants(language),
        )

    def fee_invoice(self, language="fr", amount="375.00"):
        return InvoiceIssuedV1(
            invoice_id=uuid4(),
            number="2027-000007",
            kind="incompany_fee",
            reference_id=uuid4(),
            amount=Decimal(amount),
            invoiced_total=Decimal(amount),
            price=Decimal(amount),
            payer_name="Brasserie Dupont SA",
            payer_email="hr@dupont.example",
            language=language,
        )

    def every_incompany_kind(self, language="fr"):
        return [
            self.dates_proposed(language),
            self.request_confirmed(language),
            self.reminder_due(language),
            self.definitively_confirmed(language),
            self.platform_link(language),
            self.list_missing(language),
            self.evaluation_invited(language),
            self.group_cancelled(language),
            self.group_rescheduled(language),
            self.fee_invoice(language),
        ]

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

    def registered_v2(self, language="fr", email="ann@example.be", clear="SECRET-VERIFY"):
        user_id = uuid4()
        return UserRegisteredV2(
            user_id=user_id,
            email=email,
            full_name="Ann Peeters",
            language=language,
            account_kind="individual",
            verification=sealed(clear, "verify_email", user_id, NOW + timedelta(days=3)),
        )

    def verification_requested(self, language="fr", clear="SECRET-VERIFY-AGAIN"):
        user_id = uuid4()
        return EmailVerificationRequestedV1(
            user_id=user_id,
            email="ann@example.be",
            full_name="Ann Peeters",
            language=language,
            link=sealed(clear, "verify_email", user_id, NOW + timedelta(days=3)),
        )

    def invited_v2(self, language="fr", clear="SECRET-INVITE-V2"):
        user_id = uuid4()
        return UserInvitedV2(
            user_id=user_id,
            email="bob@example.be",
            full_name="Bob Martin",
            language=language,
            reason="enrollment_by_staff",
            link=sealed(clear, "set_password", user_id, NOW + timedelta(days=3)),
        )

    def reset_v2(self, language="fr", email="ann@example.be", clear="SECRET-RESET-V2"):
        user_id = uuid4()
        return PasswordResetRequestedV2(
            user_id=user_id,
            email=email,
            language=language,
            link=sealed(clear, "reset_password", user_id, NOW + timedelta(hours=1)),
        )

    def email_change_v2(self, language="fr", clear="SECRET-CHANGE-V2"):
        user_id = uuid4()
        return EmailChangeRequestedV2(
            user_id=user_id,
            current_email="old@example.be",
            new_email="new@example.be",
            language=language,
            link=sealed(clear, "confirm_email", user_id, NOW + timedelta(days=1)),
        )

    def every_link_kind(self, language="fr"):
        """Every v2 event that carries a sealed link."""
        return [
            self.registered_v2(language),
            self.verification_requested(language),
            self.invited_v2(language),
            self.reset_v2(language),
            self.email_change_v2(language),
        ]

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
            *self.every_link_kind(language),
            self.validated(language),
            self.rejected(language),
            *(self.resolved(o, language) for o in ("cancelled", "moved", "declined")),
            self.overdue(),
            self.invoice(language),
            self.credit_note(language),
            *self.every_incompany_kind(language),
        ]


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def link_settings() -> NotificationsSettings:
    """Settings holding the tests' link sealing key and portal address, for rendering."""
    return NotificationsSettings(
        service_name="notifications", link_sealing_keys=SEALING_KEY, public_base_url=PORTAL
    )


@pytest.fixture
def deliver_event():
    return deliver


ADDRESSING = {
    "UserRegisteredV1": addressing.welcome,
    "UserRegisteredV2": addressing.welcome_and_verification,
    "EmailVerificationRequestedV1": addressing.email_verification,
    "UserInvitedV2": addressing.access_link_v2,
    "PasswordResetRequestedV2": addressing.password_reset_v2,
    "EmailChangeRequestedV2": addressing.email_change_v2,
    "UserInvitedV1": addressing.access_link,
    "PasswordResetRequestedV1": addressing.password_reset,
    "EmailChangeRequestedV1": addressing.email_change,
    "UserEmailChangedV1": addressing.email_changed,
    "BookingValidatedV1": addressing.booking_confirmation,
    "BookingRejectedV1": addressing.booking_rejection,
    "ChangeRequestResolvedV1": addressing.change_request_outcome,
    "InvoiceIssuedV1": addressing.invoice_issued,
    "CreditNoteIssuedV1": addressing.credit_note_issued,
    "DatesProposedV1": incompany_addressing.proposed_dates,
    "RequestConfirmedV1": incompany_addressing.recap,
    "ParticipantReminderDueV1": incompany_addressing.participant_reminder,
    "GroupDefinitivelyConfirmedV1": incompany_addressing.definitive_confirmation,
    "PlatformLinkIssuedV1": incompany_addressing.platform_link,
    "ParticipantListMissingV1": incompany_addressing.list_missing,
    "EvaluationInvitedV1": incompany_addressing.evaluation_invitation,
    "GroupCancelledV1": incompany_addressing.group_cancelled,
    "GroupRescheduledV1": incompany_addressing.group_rescheduled,
}


def _owed_by(event):
    if type(event).__name__ == "ValidationOverdueV1":
        return addressing.validation_overdue(event, staff_email=STAFF_RECIPIENT, language="fr")
    return ADDRESSING[type(event).__name__](event)


@pytest.fixture
def owed_by():
    """The messages an event owes, whatever its kind (the staff alert in French)."""
    return _owed_by
