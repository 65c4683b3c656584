"""The events incompany consumes, each bound to its handler."""

from chassis.consumers import Consumer
from contracts import topology
from incompany.handlers.companies import on_company_registered

CONSUMERS = [Consumer(topology.INCOMPANY_COMPANIES, on_company_registered)]
