"""The enrollment service: catalogue, agreement prices, booking requests and their status."""

from chassis.consumers import Consumer
from chassis.service import ServiceDefinition
from contracts import topology
from enrollment import api
from enrollment.adapters.tables import delivery, metadata
from enrollment.handlers import follow_invoice, remember_company
from enrollment.overdue import overdue_watch
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
    routers=[api.router],
    consumers=[
        Consumer(topology.ENROLLMENT_COMPANIES, remember_company),
        Consumer(topology.ENROLLMENT_ORDER_STATUS, follow_invoice),
    ],
    background=[overdue_watch],
    settings_class=EnrollmentSettings,
)
