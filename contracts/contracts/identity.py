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


def normalise_email(email: str) -> str:
    """The one spelling of an address every service compares and stores: trimmed, lower case.

    Identity is matched on it across services (R-A4, R-A5), so they must agree.
    """
    return email.strip().lower()
