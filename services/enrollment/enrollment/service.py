"""The enrollment service: catalogue, agreement prices, booking requests and their status."""

from chassis.service import ServiceDefinition
from enrollment.models import delivery, metadata

DEFINITION = ServiceDefinition(
    name="enrollment",
    title="Enrollment",
    description="Public sessions: catalogue, framework-agreement prices, booking requests.",
    metadata=metadata,
    delivery=delivery,
    migrations="enrollment:migrations",
)
