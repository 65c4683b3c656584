"""The events incompany consumes, each bound to its handler."""

from chassis.consumers import Consumer
from contracts import topology
from incompany.handlers.companies import on_company_registered
from incompany.handlers.erasure import on_user_erased

CONSUMERS = [
    Consumer(topology.INCOMPANY_COMPANIES, on_company_registered),
    Consumer(topology.INCOMPANY_ERASURE, on_user_erased),
]
