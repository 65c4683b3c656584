"""The notifications service: tells people what happened, in their language.

Each event of section N of PRODUCT.md is consumed from its own queue and
recorded as one message per recipient (`handlers/recording.py`,
`domain/addressing.py`, and `domain/incompany_addressing.py` for in-company
training, section I). A background loop delivers them over SMTP
(`entrypoints/scans.py`, `handlers/delivery.py`), at most once per event and
recipient: a message whose fate is unknown after a crash becomes
"uncertain" for staff to review, never resent on its own.

Settings (`settings.py`, from `NOTIFICATIONS_<NAME>` or `<NAME>`): `SMTP_HOST`,
`SMTP_PORT`, `SMTP_FROM`, `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_STARTTLS`,
`STAFF_ALERTS_EMAIL` (overdue validations, R-C2). Without `SMTP_HOST` no mail
is sent: messages are only recorded, stay "pending" and are visible through
`GET /messages` until a server is configured.
"""

from chassis.service import ServiceDefinition
from notifications.adapters.retention import SENT_MESSAGES
from notifications.adapters.tables import delivery, metadata
from notifications.domain.refusal_texts import REFUSAL_TEXTS
from notifications.entrypoints.consumers import CONSUMERS
from notifications.entrypoints.http import ROUTERS
from notifications.entrypoints.scans import deliver_messages
from notifications.settings import NotificationsSettings

DEFINITION = ServiceDefinition(
    name="notifications",
    title="Notifications",
    description="Records and delivers every message the platform owes someone.",
    metadata=metadata,
    delivery=delivery,
    migrations="notifications:migrations",
    routers=ROUTERS,
    consumers=CONSUMERS,
    background=[deliver_messages],
    retention=[SENT_MESSAGES],
    settings_class=NotificationsSettings,
    refusal_texts=REFUSAL_TEXTS,
)
