"""The billing service: invoices, credit notes and fees."""

from billing.models import delivery, metadata
from chassis.service import ServiceDefinition

DEFINITION = ServiceDefinition(
    name="billing",
    title="Billing",
    description="Invoices with gapless numbers, credit notes and in-company fees.",
    metadata=metadata,
    delivery=delivery,
    migrations="billing:migrations",
)
