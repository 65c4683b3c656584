"""Exchanges and consumer queues: the part of the contract operators see.

Every event is published on one durable topic exchange with its name as the
routing key. Each consumer owns one durable quorum queue bound to one event
name, with an explicit delivery limit and its own dead-letter queue. Queue
arguments cannot be changed on a live queue: a change is a new queue name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts import accounts, billing, enrollment, incompany, platform
from contracts.envelope import Event

EXCHANGE = "training.events"
"""Durable topic exchange carrying every integration event."""

DEAD_LETTER_EXCHANGE = "training.dead-letter"
"""Durable direct exchange; routing key = the name of the queue the message died in."""


@dataclass(frozen=True)
class ConsumerQueue:
    """One consumer: a queue, the event it is bound to, and its delivery policy."""

    name: str
    event: type[Event]
    delivery_limit: int = 5
    prefetch: int = 16

    @property
    def routing_key(self) -> str:
        return self.event.name

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dead-letter"

    def arguments(self) -> dict[str, Any]:
        # RabbitMQ 3.10 sets no delivery limit on quorum queues by default, so a
        # message that crashes its consumer would loop forever: set one. The
        # at-least-once dead-letter strategy (with reject-publish overflow)
        # keeps a dead-lettered message until the dead-letter queue confirms it.
        return {
            "x-queue-type": "quorum",
            "x-delivery-limit": self.delivery_limit,
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": self.name,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        }

    def dead_letter_arguments(self) -> dict[str, Any]:
        return {"x-queue-type": "quorum"}


# accounts
ACCOUNTS_INVITE_ON_BOOKING = ConsumerQueue(
    name="accounts.invite.on-booking-requested", event=enrollment.BookingRequestedV1
)

# enrollment
ENROLLMENT_COMPANIES = ConsumerQueue(
    name="enrollment.companies.on-company-registered", event=accounts.CompanyRegisteredV1
)
ENROLLMENT_ORDER_STATUS = ConsumerQueue(
    name="enrollment.order-status.on-invoice-issued", event=billing.InvoiceIssuedV1
)
# billing publishes v2 only (with the PDF, issue 15); the v1 queues stay until they are empty
ENROLLMENT_ORDER_STATUS_V2 = ConsumerQueue(
    name="enrollment.order-status.on-invoice-issued-v2", event=billing.InvoiceIssuedV2
)

# incompany
INCOMPANY_COMPANIES = ConsumerQueue(
    name="incompany.companies.on-company-registered", event=accounts.CompanyRegisteredV1
)

# billing
BILLING_BILLABLE = ConsumerQueue(
    name="billing.billable.on-booking-validated", event=enrollment.BookingValidatedV1
)
BILLING_CREDIT = ConsumerQueue(
    name="billing.credit.on-booking-cancelled", event=enrollment.BookingCancelledV1
)
BILLING_COMPANIES = ConsumerQueue(
    name="billing.companies.on-company-registered", event=accounts.CompanyRegisteredV1
)
"""Billing's copy of each company's legal identity, printed on its invoices (issue 15)."""

# notifications
NOTIFICATIONS_WELCOME = ConsumerQueue(
    name="notifications.welcome.on-user-registered", event=accounts.UserRegisteredV1
)
NOTIFICATIONS_ACCESS_LINK = ConsumerQueue(
    name="notifications.access-link.on-user-invited", event=accounts.UserInvitedV1
)
NOTIFICATIONS_PASSWORD_RESET = ConsumerQueue(
    name="notifications.password-reset.on-reset-requested",
    event=accounts.PasswordResetRequestedV1,
)
NOTIFICATIONS_EMAIL_CHANGE = ConsumerQueue(
    name="notifications.email-change.on-change-requested",
    event=accounts.EmailChangeRequestedV1,
)
NOTIFICATIONS_EMAIL_CHANGED = ConsumerQueue(
    name="notifications.email-changed.on-email-changed", event=accounts.UserEmailChangedV1
)
# single-use links sealed for notifications (issue 13): the v2 events, each on a new queue;
# the v1 queues above stay for what was published before, until they are empty
NOTIFICATIONS_WELCOME_V2 = ConsumerQueue(
    name="notifications.welcome.on-user-registered-v2", event=accounts.UserRegisteredV2
)
NOTIFICATIONS_EMAIL_VERIFICATION = ConsumerQueue(
    name="notifications.email-verification.on-verification-requested",
    event=accounts.EmailVerificationRequestedV1,
)
NOTIFICATIONS_ACCESS_LINK_V2 = ConsumerQueue(
    name="notifications.access-link.on-user-invited-v2", event=accounts.UserInvitedV2
)
NOTIFICATIONS_PASSWORD_RESET_V2 = ConsumerQueue(
    name="notifications.password-reset.on-reset-requested-v2",
    event=accounts.PasswordResetRequestedV2,
)
NOTIFICATIONS_EMAIL_CHANGE_V2 = ConsumerQueue(
    name="notifications.email-change.on-change-requested-v2",
    event=accounts.EmailChangeRequestedV2,
)
NOTIFICATIONS_CONFIRMATION = ConsumerQueue(
    name="notifications.confirmation.on-booking-validated", event=enrollment.BookingValidatedV1
)
NOTIFICATIONS_REJECTION = ConsumerQueue(
    name="notifications.rejection.on-booking-rejected", event=enrollment.BookingRejectedV1
)
NOTIFICATIONS_CHANGE_OUTCOME = ConsumerQueue(
    name="notifications.change-outcome.on-change-request-resolved",
    event=enrollment.ChangeRequestResolvedV1,
)
NOTIFICATIONS_OVERDUE = ConsumerQueue(
    name="notifications.overdue.on-validation-overdue", event=enrollment.ValidationOverdueV1
)
NOTIFICATIONS_INVOICE = ConsumerQueue(
    name="notifications.invoice.on-invoice-issued", event=billing.InvoiceIssuedV1
)
NOTIFICATIONS_INVOICE_V2 = ConsumerQueue(
    name="notifications.invoice.on-invoice-issued-v2", event=billing.InvoiceIssuedV2
)
NOTIFICATIONS_CREDIT_NOTE = ConsumerQueue(
    name="notifications.credit-note.on-credit-note-issued", event=billing.CreditNoteIssuedV1
)

# in-company training (issue 4): billing's fees, notifications' messages, R-A7 accounts
ACCOUNTS_INVITE_PARTICIPANT = ConsumerQueue(
    name="accounts.invite.on-participant-added", event=incompany.ParticipantAddedV1
)
BILLING_FEE_ON_GROUP_CANCELLED = ConsumerQueue(
    name="billing.fees.on-group-cancelled", event=incompany.GroupCancelledV1
)
BILLING_FEE_ON_LIST_MISSING = ConsumerQueue(
    name="billing.fees.on-participant-list-missing", event=incompany.ParticipantListMissingV1
)
BILLING_FEE_ON_GROUP_COMPLETED = ConsumerQueue(
    name="billing.fees.on-group-completed", event=incompany.GroupCompletedV1
)
NOTIFICATIONS_PROPOSED_DATES = ConsumerQueue(
    name="notifications.proposed-dates.on-dates-proposed", event=incompany.DatesProposedV1
)
NOTIFICATIONS_RECAP = ConsumerQueue(
    name="notifications.recap.on-request-confirmed", event=incompany.RequestConfirmedV1
)
NOTIFICATIONS_PARTICIPANT_REMINDER = ConsumerQueue(
    name="notifications.participant-reminder.on-participant-reminder-due",
    event=incompany.ParticipantReminderDueV1,
)
NOTIFICATIONS_DEFINITIVE_CONFIRMATION = ConsumerQueue(
    name="notifications.definitive-confirmation.on-group-definitively-confirmed",
    event=incompany.GroupDefinitivelyConfirmedV1,
)
NOTIFICATIONS_PLATFORM_LINK = ConsumerQueue(
    name="notifications.platform-link.on-platform-link-issued",
    event=incompany.PlatformLinkIssuedV1,
)
NOTIFICATIONS_LIST_MISSING = ConsumerQueue(
    name="notifications.list-missing.on-participant-list-missing",
    event=incompany.ParticipantListMissingV1,
)
NOTIFICATIONS_EVALUATION = ConsumerQueue(
    name="notifications.evaluation.on-evaluation-invited", event=incompany.EvaluationInvitedV1
)
NOTIFICATIONS_GROUP_CANCELLED = ConsumerQueue(
    name="notifications.group-cancellation.on-group-cancelled", event=incompany.GroupCancelledV1
)
NOTIFICATIONS_GROUP_RESCHEDULED = ConsumerQueue(
    name="notifications.group-rescheduled.on-group-rescheduled",
    event=incompany.GroupRescheduledV1,
)

# a person's account erased on request (issue 18): each erases its copies of their data
ENROLLMENT_ERASURE = ConsumerQueue(
    name="enrollment.erasure.on-user-erased", event=accounts.UserErasedV1
)
INCOMPANY_ERASURE = ConsumerQueue(
    name="incompany.erasure.on-user-erased", event=accounts.UserErasedV1
)
NOTIFICATIONS_ERASURE = ConsumerQueue(
    name="notifications.erasure.on-user-erased", event=accounts.UserErasedV1
)

# the chassis of every service but accounts: sessions accounts ended are refused at once
ENDED_SESSIONS = tuple(
    ConsumerQueue(name=f"{service}.sessions.on-sessions-ended", event=accounts.SessionsEndedV1)
    for service in ("enrollment", "incompany", "billing", "notifications")
)
"""Each keeps the sessions accounts ended, so their tokens are refused at once (issue 13)."""

# the chassis of every service but accounts (which moves it): the platform's test clock
TEST_CLOCK_MOVED = {
    service: ConsumerQueue(
        name=f"{service}.test-clock.on-test-clock-moved", event=platform.TestClockMovedV1
    )
    for service in ("enrollment", "incompany", "billing", "notifications")
}
"""Each applies the offset to its clock and wakes its scans (issue 14, docs/API.md)."""

QUEUES: tuple[ConsumerQueue, ...] = (
    ACCOUNTS_INVITE_ON_BOOKING,
    ENROLLMENT_COMPANIES,
    ENROLLMENT_ORDER_STATUS,
    ENROLLMENT_ORDER_STATUS_V2,
    INCOMPANY_COMPANIES,
    BILLING_BILLABLE,
    BILLING_CREDIT,
    BILLING_COMPANIES,
    NOTIFICATIONS_WELCOME,
    NOTIFICATIONS_ACCESS_LINK,
    NOTIFICATIONS_PASSWORD_RESET,
    NOTIFICATIONS_EMAIL_CHANGE,
    NOTIFICATIONS_EMAIL_CHANGED,
    NOTIFICATIONS_WELCOME_V2,
    NOTIFICATIONS_EMAIL_VERIFICATION,
    NOTIFICATIONS_ACCESS_LINK_V2,
    NOTIFICATIONS_PASSWORD_RESET_V2,
    NOTIFICATIONS_EMAIL_CHANGE_V2,
    NOTIFICATIONS_CONFIRMATION,
    NOTIFICATIONS_REJECTION,
    NOTIFICATIONS_CHANGE_OUTCOME,
    NOTIFICATIONS_OVERDUE,
    NOTIFICATIONS_INVOICE,
    NOTIFICATIONS_INVOICE_V2,
    NOTIFICATIONS_CREDIT_NOTE,
    ACCOUNTS_INVITE_PARTICIPANT,
    BILLING_FEE_ON_GROUP_CANCELLED,
    BILLING_FEE_ON_LIST_MISSING,
    BILLING_FEE_ON_GROUP_COMPLETED,
    NOTIFICATIONS_PROPOSED_DATES,
    NOTIFICATIONS_RECAP,
    NOTIFICATIONS_PARTICIPANT_REMINDER,
    NOTIFICATIONS_DEFINITIVE_CONFIRMATION,
    NOTIFICATIONS_PLATFORM_LINK,
    NOTIFICATIONS_LIST_MISSING,
    NOTIFICATIONS_EVALUATION,
    NOTIFICATIONS_GROUP_CANCELLED,
    NOTIFICATIONS_GROUP_RESCHEDULED,
    ENROLLMENT_ERASURE,
    INCOMPANY_ERASURE,
    NOTIFICATIONS_ERASURE,
    *ENDED_SESSIONS,
    *TEST_CLOCK_MOVED.values(),
)
"""Every consumer queue of the platform, for operators' tools and the AsyncAPI document."""
