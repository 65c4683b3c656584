"""Who calls: the roles carried in access tokens, a vocabulary every service shares."""

from enum import StrEnum


class Role(StrEnum):
    INDIVIDUAL = "individual"
    ENROLLMENT_MANAGER = "enrollment_manager"
    HR = "hr"
    PARTICIPANT = "participant"
    CUSTOMER_SERVICE = "customer_service"
    PLANNER = "planner"
    TRAINER = "trainer"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER, Role.ADMIN})
