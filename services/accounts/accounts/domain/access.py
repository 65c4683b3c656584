"""Who may do what in accounts, and which roles each kind of account may hold.

Roles come from the caller's access token (`Principal`); accounts also checks
that the token's session is still open (`handlers/sessions.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from accounts.domain.refusals import NotYourCompany, RoleNotAllowed, RoleRequired
from chassis.tokens import Principal
from contracts.identity import Role

COMPANY_ROLES = (Role.ENROLLMENT_MANAGER, Role.HR)
"""What a user of a company account may be (R-A6)."""
STAFF_ACCOUNT_ROLES = (Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER, Role.ADMIN)
"""What an admin may make a staff account."""


def require_any_role(principal: Principal, roles: Iterable[Role]) -> None:
    """RoleRequired (403) unless the caller holds one of `roles`."""
    roles = tuple(roles)
    if not principal.has_any(*roles):
        allowed = ", ".join(sorted(r.value for r in roles))
        raise RoleRequired(f"this action needs one of: {allowed}", params={"roles": allowed})


def require_manager_of(principal: Principal, company_id: UUID) -> None:
    """An enrollment manager adds users to their own company only (R-A6)."""
    if principal.company_id != company_id:
        raise NotYourCompany()


def check_company_role(role: Role) -> None:
    if role not in COMPANY_ROLES:
        raise RoleNotAllowed(
            f"role: a company user is one of: {', '.join(COMPANY_ROLES)}", field="role"
        )


def check_staff_role(role: Role) -> None:
    if role not in STAFF_ACCOUNT_ROLES:
        raise RoleNotAllowed(
            f"role: a staff role is one of: {', '.join(STAFF_ACCOUNT_ROLES)}", field="role"
        )
