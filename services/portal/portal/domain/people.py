"""Who is signed in, as the portal knows them from accounts' `GET /me`, and what they may see.

The APIs decide every permission; the portal only chooses which links and pages to
offer, so nobody is shown a page whose every call would be refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contracts.identity import Role

# The roles are the access tokens' vocabulary (contracts.identity), the one piece of the
# contracts package a client of the APIs reads.

CUSTOMERS = frozenset({Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER})
"""Who books public sessions and follows their enrollments and invoices (R-A1, R-A4)."""
BILLED = frozenset({Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.HR})
"""Who may read the invoices billed to them or their company (billing's readers)."""
VALIDATORS = frozenset({Role.CUSTOMER_SERVICE, Role.ADMIN})
"""Who validates bookings, resolves change requests and invoices (R-C2, R-C4, R-C5)."""
STAFF = frozenset({Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER, Role.ADMIN})
PLANNERS = frozenset({Role.PLANNER, Role.ADMIN})
"""Who plans in-company requests: availability and proposed dates (R-I3)."""
ATTESTATION_REVIEWERS = frozenset({Role.CUSTOMER_SERVICE, Role.ADMIN})
"""Who approves or rejects HR attestations (R-A6)."""
OFFICE_STAFF = PLANNERS | ATTESTATION_REVIEWERS
"""Who follows every in-company group."""


@dataclass(frozen=True)
class Person:
    user_id: str
    email: str
    full_name: str
    roles: frozenset[str]
    company_id: str | None = None
    account_kind: str = ""
    language: str = "fr"

    @classmethod
    def from_account(cls, account: Mapping[str, Any]) -> Person:
        return cls(
            user_id=str(account["id"]),
            email=str(account["email"]),
            full_name=str(account.get("full_name", "")),
            roles=frozenset(account.get("roles") or ()),
            company_id=str(account["company_id"]) if account.get("company_id") else None,
            account_kind=str(account.get("account_kind", "")),
            language=str(account.get("language", "fr")),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "email": self.email,
            "full_name": self.full_name,
            "roles": sorted(self.roles),
            "company_id": self.company_id,
            "account_kind": self.account_kind,
            "language": self.language,
        }

    def has_any(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_staff(self) -> bool:
        return self.has_any(STAFF)

    @property
    def manages_company_enrollments(self) -> bool:
        return Role.ENROLLMENT_MANAGER in self.roles and self.company_id is not None


def home_of(person: Person) -> str:
    """Where someone lands after logging in: their first area's page."""
    if person.has_any(VALIDATORS):
        return "/staff/validations"
    if person.has_any(PLANNERS):
        return "/staff/incompany"
    if person.has_any(CUSTOMERS):
        return "/enrollments"
    if Role.HR in person.roles:
        return "/hr/groups"
    if Role.PARTICIPANT in person.roles:
        return "/trainings"
    return "/"
