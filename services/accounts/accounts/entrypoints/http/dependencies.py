"""Who calls accounts' endpoints: a valid token whose session is still open.

Accounts checks the session (the token's `sid`) on each request, so logout,
a password reset (R-A3) or an email change ends access to accounts at once
(`handlers/sessions.py`). `UowDep` is the chassis's unit of work, typed with
accounts' settings.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends

from accounts.domain.access import require_any_role
from accounts.handlers import Uow
from accounts.handlers.sessions import signed_in
from chassis.api import PrincipalDep, get_unit_of_work
from chassis.tokens import Principal
from contracts.identity import Role

UowDep = Annotated[Uow, Depends(get_unit_of_work)]


async def get_signed_in(principal: PrincipalDep, uow: UowDep) -> Principal:
    return await signed_in(principal, uow)


SignedInDep = Annotated[Principal, Depends(get_signed_in)]


def signed_in_with_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency: an open session whose token holds one of `roles`, else 403."""

    async def check(principal: SignedInDep) -> Principal:
        require_any_role(principal, roles)
        return principal

    return check
