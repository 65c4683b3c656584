"""The digital in-company catalogue (R-I1) as rules. No I/O."""

from __future__ import annotations

from chassis.tokens import Principal
from incompany.domain.access import is_office_staff


def normalise_code(code: str) -> str:
    """A course code as the catalogue keeps it: `xl-adv ` is `XL-ADV`."""
    return code.strip().upper()


def sees_withdrawn_courses(principal: Principal) -> bool:
    """Inactive courses stay in the catalogue for staff only; others find them missing."""
    return is_office_staff(principal)
