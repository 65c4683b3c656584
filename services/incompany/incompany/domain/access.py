"""Who may do what in incompany, and whose data they see. No I/O.

Company users (enrollment managers and HR) see their own company's plans,
requests and groups only; another company's answer 404, as if it did not
exist, so ids cannot be probed. Managing participants and cancelling a group
needs the HR role and an approved attestation (R-A6). Trainers see the groups
they teach, to record attendance; office staff see everything.
"""

from __future__ import annotations

from uuid import UUID

from chassis.tokens import Principal
from contracts.identity import Role

COMPANY_USERS = (Role.ENROLLMENT_MANAGER, Role.HR)
OFFICE_STAFF = (Role.PLANNER, Role.CUSTOMER_SERVICE, Role.ADMIN)
CATALOGUE_EDITORS = (Role.PLANNER, Role.ADMIN)
PLANNERS = (Role.PLANNER, Role.ADMIN)
AVAILABILITY_RECORDERS = (Role.PLANNER, Role.ADMIN, Role.TRAINER)
ATTESTATION_REVIEWERS = (Role.CUSTOMER_SERVICE, Role.ADMIN)
ATTENDANCE_RECORDERS = (Role.TRAINER, Role.PLANNER, Role.ADMIN)
GROUP_CANCELLERS = (Role.HR, Role.CUSTOMER_SERVICE, Role.ADMIN)
CATALOGUE_READERS = (*COMPANY_USERS, *OFFICE_STAFF, Role.TRAINER)
GROUP_READERS = (*COMPANY_USERS, *OFFICE_STAFF, Role.TRAINER)


def is_office_staff(principal: Principal) -> bool:
    return principal.has_any(*OFFICE_STAFF)


def sees_company(principal: Principal, company_id: UUID) -> bool:
    """Office staff see every company; a company user only their own."""
    if is_office_staff(principal):
        return True
    return principal.has_any(*COMPANY_USERS) and principal.company_id == company_id


def sees_group(principal: Principal, company_id: UUID, trainer_user_id: UUID | None) -> bool:
    """A group is seen by whoever sees its company, and by the trainer who teaches it."""
    if sees_company(principal, company_id):
        return True
    return principal.has_any(Role.TRAINER) and trainer_user_id == principal.user_id


def acts_for_company(principal: Principal) -> bool:
    """Whether the caller acts as a company user (not as staff): their own company only."""
    return not is_office_staff(principal) and principal.has_any(*COMPANY_USERS)
