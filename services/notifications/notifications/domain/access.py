"""Who sees which messages; no I/O.

Staff see everyone's messages, with the mail server's last answer. Anyone else
sees what was sent to their login email or to their user id (R-A4, R-A5), without it.
"""

from __future__ import annotations

from chassis.tokens import Principal
from contracts.identity import Role

RESENDERS = (Role.CUSTOMER_SERVICE, Role.ADMIN)
"""Who may send an uncertain or failed message again."""


def sees_everyone(principal: Principal) -> bool:
    return principal.is_staff


def sees_delivery_errors(principal: Principal) -> bool:
    return principal.is_staff
