"""Who calls accounts' endpoints: a valid token whose session is still open.

Accounts checks the session (the token's `sid`) on each request, so logout,
a password reset (R-A3) or an email change ends access to accounts at once.
Other services verify tokens offline and accept one until it expires
(15 minutes at most, `access_token_minutes`); see `sessions.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, status

from accounts.adapters import sessions
from accounts.adapters.signing import TokenIssuer
from accounts.settings import AccountsSettings
from chassis.api import PrincipalDep, RuntimeDep, UnitOfWorkDep
from chassis.tokens import Principal
from contracts.identity import Role


async def get_settings(runtime: RuntimeDep) -> AccountsSettings:
    settings = runtime.settings
    if not isinstance(settings, AccountsSettings):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "accounts is misconfigured")
    return settings


SettingsDep = Annotated[AccountsSettings, Depends(get_settings)]


async def get_issuer(runtime: RuntimeDep, settings: SettingsDep) -> TokenIssuer:
    if settings.jwt_private_key is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "token signing is not configured")
    return TokenIssuer(
        settings.jwt_private_key.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(minutes=settings.access_token_minutes),
        clock=runtime.clock,
    )


IssuerDep = Annotated[TokenIssuer, Depends(get_issuer)]


async def get_signed_in(principal: PrincipalDep, uow: UnitOfWorkDep) -> Principal:
    if not await sessions.is_active(uow, principal.session_id, principal.user_id):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "this session has ended: log in again",
            {"WWW-Authenticate": "Bearer"},
        )
    return principal


SignedInDep = Annotated[Principal, Depends(get_signed_in)]


def signed_in_with_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency: an open session whose token holds one of `roles`, else 403."""

    async def check(principal: SignedInDep) -> Principal:
        if not principal.has_any(*roles):
            allowed = ", ".join(sorted(r.value for r in roles))
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this action needs one of: {allowed}")
        return principal

    return check
