"""Who sees which invoice or credit note; no I/O.

Customer service and admins see all of them. A customer (individual,
enrollment manager, HR) sees those billed to their login email, or to their
company (the token's company_id). Other roles (planner, trainer, participant)
see none: 403 (`READERS`, checked by the routes).
"""

from __future__ import annotations

from uuid import UUID

from billing.domain.refusals import BilledToSomeoneElse
from chassis.tokens import Principal
from contracts.identity import Role, normalise_email

BILLING_STAFF = (Role.CUSTOMER_SERVICE, Role.ADMIN)
CUSTOMERS = (Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.HR)
READERS = (*BILLING_STAFF, *CUSTOMERS)


def sees_everything(principal: Principal) -> bool:
    return principal.has_any(*BILLING_STAFF)


def is_payer(principal: Principal, payer_email: str, payer_company_id: UUID | None) -> bool:
    """The caller is the payer: by login email, or as a user of the paying company."""
    if principal.email and normalise_email(principal.email) == normalise_email(payer_email):
        return True
    return principal.company_id is not None and principal.company_id == payer_company_id


def may_read(principal: Principal, payer_email: str, payer_company_id: UUID | None) -> bool:
    return sees_everything(principal) or (
        principal.has_any(*CUSTOMERS) and is_payer(principal, payer_email, payer_company_id)
    )


def check_may_read(
    principal: Principal, payer_email: str, payer_company_id: UUID | None, *, refusal: str
) -> None:
    """Refuse (403, with `refusal` as the detail) a caller who may not read this document."""
    if not may_read(principal, payer_email, payer_company_id):
        raise BilledToSomeoneElse(refusal)
