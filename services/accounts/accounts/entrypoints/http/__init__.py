"""Accounts' REST API: its routers, in the order the service mounts them."""

from accounts.entrypoints.http import (
    accounts,
    companies,
    email_change,
    erasure,
    passwords,
    staff,
    test_clock,
    verification,
)

ROUTERS = [
    accounts.router,
    companies.router,
    staff.router,
    erasure.router,
    passwords.router,
    email_change.router,
    verification.router,
    test_clock.router,
]
