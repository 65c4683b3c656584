"""The notifications service: tells people what happened, in their language.

Each event of section N of PRODUCT.md is consumed from its own queue and
recorded as one message per recipient (`handlers.py`, `addressing.py`, and
`incompany_addressing.py` for in-company training, section I).
A background loop delivers them over SMTP (`delivery.py`), at most once per
event and recipient: a message whose fate is unknown after a crash becomes
"uncertain" for staff to review, never resent on its own.

Settings (`settings.py`, from `NOTIFICATIONS_<NAME>` or `<NAME>`): `SMTP_HOST`,
`SMTP_PORT`, `SMTP_FROM`, `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_STARTTLS`,
`STAFF_ALERTS_EMAIL` (overdue validations, R-C2). Without `SMTP_HOST` no mail
is sent: messages are only recorded, stay "pending" and are visible through
`GET /messages` until a server is configured.
"""

from chassis.consumers import Consumer
from chassis.service import ServiceDefinition
from contracts import topology
from notifications import addressing
from notifications import incompany_addressing as incompany
from notifications.api import router
from notifications.delivery import deliver_messages
from notifications.handlers import alert_staff_of_overdue_validation, recording
from notifications.models import delivery, metadata
from notifications.settings import NotificationsSettings

CONSUMERS = [
    Consumer(topology.NOTIFICATIONS_WELCOME, recording(addressing.welcome)),
    Consumer(topology.NOTIFICATIONS_ACCESS_LINK, recording(addressing.access_link)),
    Consumer(topology.NOTIFICATIONS_PASSWORD_RESET, recording(addressing.password_reset)),
    Consumer(topology.NOTIFICATIONS_EMAIL_CHANGE, recording(addressing.email_change)),
    Consumer(topology.NOTIFICATIONS_EMAIL_CHANGED, recording(addressing.email_changed)),
    Consumer(topology.NOTIFICATIONS_CONFIRMATION, recording(addressing.booking_confirmation)),
    Consumer(topology.NOTIFICATIONS_REJECTION, recording(addressing.booking_rejection)),
    Consumer(topology.NOTIFICATIONS_CHANGE_OUTCOME, recording(addressing.change_request_outcome)),
    Consumer(topology.NOTIFICATIONS_OVERDUE, alert_staff_of_overdue_validation),
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
]

DEFINITION = ServiceDefinition(
    name="notifications",
    title="Notifications",
    description="Records and delivers every message the platform owes someone.",
    metadata=metadata,
    delivery=delivery,
    migrations="notifications:migrations",
    routers=[router],
    consumers=CONSUMERS,
    background=[deliver_messages],
    settings_class=NotificationsSettings,
)
