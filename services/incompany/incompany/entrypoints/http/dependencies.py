"""What every incompany router shares: the typed unit of work and the callers.

Routes raise nothing themselves: the handlers below them raise refusals
(`chassis.refusals`, `incompany.domain.refusals`), which the chassis answers
(`chassis.problems`), with the handler's message as `detail`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from chassis.api import get_unit_of_work, require_roles
from chassis.tokens import Principal
from contracts.identity import Role
from incompany.handlers import Uow

UowDep = Annotated[Uow, Depends(get_unit_of_work)]
"""The request's unit of work, typed by incompany's settings (`uow.settings`)."""


def caller(*roles: Role) -> Any:
    """`Annotated[Principal, ...]`: a caller holding one of `roles` (401 without token, 403)."""
    return Annotated[Principal, Depends(require_roles(*roles))]


NOT_FOUND = {404: {"description": "No such thing, or it belongs to another company"}}
