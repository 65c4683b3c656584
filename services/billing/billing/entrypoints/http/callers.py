"""Who may call billing's routes: staff issue invoices and look up billables, readers read
documents (`domain/access.py`); anyone else is refused with 403 before the route runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from billing.domain.access import BILLING_STAFF, READERS
from chassis.api import require_roles
from chassis.tokens import Principal

Staff = Annotated[Principal, Depends(require_roles(*BILLING_STAFF))]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
