"""Notifications' consumer queues, one per event of section N of PRODUCT.md, each recording
the messages its event owes (`domain/addressing.py`, and `domain/incompany_addressing.py`
for in-company training, section I)."""

from chassis.consumers import Consumer
from contracts import topology
from notifications.domain import addressing
from notifications.domain import incompany_addressing as incompany
from notifications.handlers.erasure import on_user_erased
from notifications.handlers.recording import alert_staff_of_overdue_validation, recording

CONSUMERS = [
    Consumer(topology.NOTIFICATIONS_WELCOME_V2, recording(addressing.welcome_and_verification)),
    Consumer(topology.NOTIFICATIONS_EMAIL_VERIFICATION, recording(addressing.email_verification)),
    Consumer(topology.NOTIFICATIONS_ACCESS_LINK_V2, recording(addressing.access_link_v2)),
    Consumer(topology.NOTIFICATIONS_PASSWORD_RESET_V2, recording(addressing.password_reset_v2)),
    Consumer(topology.NOTIFICATIONS_EMAIL_CHANGE_V2, recording(addressing.email_change_v2)),
    # v1: what accounts published before sealing its links, still consumed while in flight
    Consumer(topology.NOTIFICATIONS_WELCOME, recording(addressing.welcome)),
    Consumer(topology.NOTIFICATIONS_ACCESS_LINK, recording(addressing.access_link)),
    Consumer(topology.NOTIFICATIONS_PASSWORD_RESET, recording(addressing.password_reset)),
    Consumer(topology.NOTIFICATIONS_EMAIL_CHANGE, recording(addressing.email_change)),
    Consumer(topology.NOTIFICATIONS_EMAIL_CHANGED, recording(addressing.email_changed)),
    Consumer(topology.NOTIFICATIONS_CONFIRMATION, recording(addressing.booking_confirmation)),
    Consumer(topology.NOTIFICATIONS_REJECTION, recording(addressing.booking_rejection)),
    Consumer(topology.NOTIFICATIONS_CHANGE_OUTCOME, recording(addressing.change_request_outcome)),
    Consumer(topology.NOTIFICATIONS_OVERDUE, alert_staff_of_overdue_validation),
    Consumer(topology.NOTIFICATIONS_INVOICE_V2, recording(addressing.invoice_issued_v2)),
    # v1: what billing published before it attached the PDF, still consumed while in flight
    Consumer(topology.NOTIFICATIONS_INVOICE, recording(addressing.invoice_issued)),
    Consumer(topology.NOTIFICATIONS_CREDIT_NOTE, recording(addressing.credit_note_issued)),
    Consumer(topology.NOTIFICATIONS_PROPOSED_DATES, recording(incompany.proposed_dates)),
    Consumer(topology.NOTIFICATIONS_RECAP, recording(incompany.recap)),
    Consumer(
        topology.NOTIFICATIONS_PARTICIPANT_REMINDER, recording(incompany.participant_reminder)
    ),
    Consumer(
        topology.NOTIFICATIONS_DEFINITIVE_CONFIRMATION,
        recording(incompany.definitive_confirmation),
    ),
    Consumer(topology.NOTIFICATIONS_PLATFORM_LINK, recording(incompany.platform_link)),
    Consumer(topology.NOTIFICATIONS_LIST_MISSING, recording(incompany.list_missing)),
    Consumer(topology.NOTIFICATIONS_EVALUATION, recording(incompany.evaluation_invitation)),
    Consumer(topology.NOTIFICATIONS_GROUP_CANCELLED, recording(incompany.group_cancelled)),
    Consumer(topology.NOTIFICATIONS_GROUP_RESCHEDULED, recording(incompany.group_rescheduled)),
    # a person's account erased on request (issue 18)
    Consumer(topology.NOTIFICATIONS_ERASURE, on_user_erased),
]
