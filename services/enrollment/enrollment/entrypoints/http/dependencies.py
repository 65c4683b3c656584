"""What enrollment's routes ask FastAPI for: a typed unit of work, and callers by role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from chassis.api import get_unit_of_work, require_roles
from chassis.tokens import Principal
from contracts.identity import Role
from enrollment.handlers import Uow

UowDep = Annotated[Uow, Depends(get_unit_of_work)]

Staff = Annotated[Principal, Depends(require_roles(Role.CUSTOMER_SERVICE, Role.ADMIN))]
"""Customer service and admins: validation, agreements, change requests."""
Planner = Annotated[
    Principal, Depends(require_roles(Role.PLANNER, Role.CUSTOMER_SERVICE, Role.ADMIN))
]
"""Who manages the catalogue."""
Booker = Annotated[
    Principal,
    Depends(
        require_roles(Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.CUSTOMER_SERVICE, Role.ADMIN)
    ),
]
"""Who may place a booking request at all; for whom is the domain's rule (R-A2)."""
