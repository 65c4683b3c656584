"""Enrollment's consumer queues, each bound to its event handler."""

from __future__ import annotations

from chassis.consumers import Consumer
from contracts import topology
from enrollment.handlers.companies import on_company_registered
from enrollment.handlers.erasure import on_user_erased
from enrollment.handlers.order_status import on_invoice_issued

CONSUMERS = [
    Consumer(topology.ENROLLMENT_COMPANIES, on_company_registered),
    Consumer(topology.ENROLLMENT_ORDER_STATUS, on_invoice_issued),
    Consumer(topology.ENROLLMENT_ORDER_STATUS_V2, on_invoice_issued),
    Consumer(topology.ENROLLMENT_ERASURE, on_user_erased),
]
