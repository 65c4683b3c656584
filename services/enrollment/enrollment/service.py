"""The enrollment service: catalogue, agreement prices, booking requests and their status."""

from chassis.service import ServiceDefinition
from enrollment.adapters.tables import delivery, metadata
from enrollment.domain.refusal_texts import REFUSAL_TEXTS
from enrollment.entrypoints.consumers import CONSUMERS
from enrollment.entrypoints.http import ROUTERS
from enrollment.entrypoints.scans import overdue_watch
from enrollment.settings import EnrollmentSettings

DEFINITION = ServiceDefinition(
    name="enrollment",
    title="Enrollment",
    description=(
        "Public sessions: catalogue, framework-agreement prices (weekly cut-off), booking "
        "requests validated within 24 business hours, order status, change requests."
    ),
    metadata=metadata,
    delivery=delivery,
    migrations="enrollment:migrations",
    routers=ROUTERS,
    consumers=CONSUMERS,
    background=[overdue_watch],
    settings_class=EnrollmentSettings,
    refusal_texts=REFUSAL_TEXTS,
)
