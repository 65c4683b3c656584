"""Who may do what in incompany, and whose data they see. No I/O.

Company users (enrollment managers and HR) see their own company's plans,
requests and groups only; another company's answer 404, as if it did not
exist, so ids cannot be probed. Managing participants and cancelling a group
needs the HR role and an approved attestation (R-A6). Trainers see the groups
they teach, to record attendance; office staff see everything.
"""

from __future__ import annotations

from dataclasses import dataclass
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
ERASERS = (Role.CUSTOMER_SERVICE, Role.ADMIN)
"""Who erases a person's data on their request (GDPR art. 17)."""
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


def sees_request(principal: Principal, company_id: UUID) -> bool:
    """A request is seen by whoever sees its company, and by every trainer (R-I3: a
    trainer records their availability for requests still to be planned)."""
    return sees_company(principal, company_id) or principal.has_any(Role.TRAINER)


def sees_every_request(principal: Principal) -> bool:
    return is_office_staff(principal) or principal.has_any(Role.TRAINER)


def company_scope(principal: Principal, asked: UUID | None) -> UUID | None:
    """Whose records a list shows: staff choose (None: every company's), a company user
    sees their own company's whatever they ask."""
    return asked if is_office_staff(principal) else principal.company_id


def sees_attestation(principal: Principal, author_id: UUID) -> bool:
    """An attestation is seen by its reviewers and by the HR user who wrote it."""
    return principal.has_any(*ATTESTATION_REVIEWERS) or author_id == principal.user_id


def availability_trainer(principal: Principal, given: UUID | None) -> UUID | None:
    """The trainer account an availability is recorded for: a trainer (not a planner)
    records their own, whatever they give; a planner names one, or none."""
    is_trainer = principal.has_any(Role.TRAINER) and not principal.has_any(*PLANNERS)
    return principal.user_id if is_trainer else given


def records_attendance_of(principal: Principal, trainer_user_id: UUID | None) -> bool:
    """R-I16: a trainer records the attendance of the groups they teach; staff of any."""
    own_trainer = trainer_user_id == principal.user_id
    return not principal.has_any(Role.TRAINER) or is_office_staff(principal) or own_trainer


@dataclass(frozen=True)
class GroupScope:
    """Which groups a caller sees: every one, one company's, one trainer's, or none."""

    every: bool = False
    company_id: UUID | None = None
    trainer_user_id: UUID | None = None


def group_scope(principal: Principal) -> GroupScope:
    """The groups the caller may see: all for office staff, else their company's or
    (for a trainer) those they teach; nothing for anyone else."""
    if is_office_staff(principal):
        return GroupScope(every=True)
    if principal.has_any(*COMPANY_USERS) and principal.company_id is not None:
        return GroupScope(company_id=principal.company_id)
    if principal.has_any(Role.TRAINER):
        return GroupScope(trainer_user_id=principal.user_id)
    return GroupScope()
