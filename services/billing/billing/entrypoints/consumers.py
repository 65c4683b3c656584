"""Billing's consumer queues, each bound to the event handler it feeds.

Each handler is idempotent twice over: the chassis inbox skips a redelivered
event, and the unique `billable_key` of billables and `invoice_id` of credit
notes make even a re-published copy with a new event id change nothing.
"""

from billing.handlers import billables, companies, crediting, fee_charging
from chassis.consumers import Consumer
from contracts import topology

CONSUMERS = [
    Consumer(topology.BILLING_BILLABLE, billables.on_booking_validated),
    Consumer(topology.BILLING_CREDIT, crediting.on_booking_cancelled),
    Consumer(topology.BILLING_COMPANIES, companies.on_company_registered),
    Consumer(topology.BILLING_FEE_ON_GROUP_CANCELLED, fee_charging.on_group_cancelled),
    Consumer(topology.BILLING_FEE_ON_LIST_MISSING, fee_charging.on_participant_list_missing),
    Consumer(topology.BILLING_FEE_ON_GROUP_COMPLETED, fee_charging.on_group_completed),
]
