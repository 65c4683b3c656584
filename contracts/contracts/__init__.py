"""The public contract between the services: integration events and the bus topology.

Only pydantic here: a service, an operator's tool or another team's consumer can
depend on this package without pulling in any service's code.
"""

from contracts.envelope import Envelope, Event, event_class, registered_events
from contracts.topology import (
    DEAD_LETTER_EXCHANGE,
    EXCHANGE,
    QUEUES,
    ConsumerQueue,
)

__all__ = [
    "DEAD_LETTER_EXCHANGE",
    "EXCHANGE",
    "QUEUES",
    "ConsumerQueue",
    "Envelope",
    "Event",
    "event_class",
    "registered_events",
]

# Importing the event modules registers every event name.
from contracts import accounts as _accounts  # noqa: F401
from contracts import billing as _billing  # noqa: F401
from contracts import enrollment as _enrollment  # noqa: F401
from contracts import incompany as _incompany  # noqa: F401
from contracts import platform as _platform  # noqa: F401
