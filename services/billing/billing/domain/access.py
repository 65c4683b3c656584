"""Who sees which invoice or credit note; no I/O.

Customer service and admins see all of them. A customer (individual,
enrollment manager, HR) sees those billed to their login email once that
address is verified (issue 13: an account registered with the address staff
bill as "other payer" reads nothing before it proves it receives that mail),
and those billed to their company (the token's company_id). Other roles
(planner, trainer, participant) see none: an empty list, and 403 on one
document.
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
    """The caller is the payer: by verified login email, or as a user of the paying company."""
    if by_email(principal) == normalise_email(payer_email):
        return True
    return principal.company_id is not None and principal.company_id == payer_company_id


def by_email(principal: Principal) -> str | None:
    """The address a customer's documents are matched on: their login email once it is
    verified, else none."""
    if not principal.email_verified or not principal.email.strip():
        return None
    return normalise_email(principal.email)


def sees_own(principal: Principal) -> bool:
    """A customer, who sees the documents billed to them; other roles see none."""
    return principal.has_any(*CUSTOMERS)


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
