"""Service chassis: what every service needs the same way, written once.

Broker wiring, transactional outbox, idempotent inbox, database sessions,
settings, logging, clock and token checking. A service imports from here and
from `contracts`, never from another service.
"""
