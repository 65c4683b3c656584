"""The incompany service: in-company digital training, from request to evaluation."""

from chassis.service import ServiceDefinition
from incompany.models import delivery, metadata

DEFINITION = ServiceDefinition(
    name="incompany",
    title="In-company training",
    description="Training plans, requests, planning, groups, participants and their deadlines.",
    metadata=metadata,
    delivery=delivery,
    migrations="incompany:migrations",
)
