"""The notifications service: tells people what happened, in their language."""

from chassis.consumers import Consumer
from chassis.service import ServiceDefinition
from contracts.topology import NOTIFICATIONS_WELCOME
from notifications.api import router
from notifications.handlers import welcome_new_user
from notifications.models import delivery, metadata

DEFINITION = ServiceDefinition(
    name="notifications",
    title="Notifications",
    description="Records and delivers every message the platform owes someone.",
    metadata=metadata,
    delivery=delivery,
    migrations="notifications:migrations",
    routers=[router],
    consumers=[Consumer(NOTIFICATIONS_WELCOME, welcome_new_user)],
)
