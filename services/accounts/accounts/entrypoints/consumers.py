"""Accounts' consumer queues, each bound to its event handler."""

from accounts.handlers import invitations
from chassis.consumers import Consumer
from contracts import topology

CONSUMERS = [
    Consumer(topology.ACCOUNTS_INVITE_ON_BOOKING, invitations.invite_on_booking),
    Consumer(topology.ACCOUNTS_INVITE_PARTICIPANT, invitations.invite_participant),
]
