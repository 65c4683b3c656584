"""The accounts REST API: registration, login, refresh, logout, the caller's account.

Token answers carry credentials: they are marked `Cache-Control: no-store`, so
no cache, and no idempotency record (`chassis.idempotency`), keeps them.
docs/API.md, "Authentication" and "Sessions and refresh", is the client's guide.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, EmailStr, Field, StringConstraints

from accounts.domain.commands import (
    LogIn,
    LogOut,
    LogOutEverywhere,
    Refresh,
    RegisterIndividual,
)
from accounts.entrypoints.http.dependencies import SignedInDep, UowDep
from accounts.entrypoints.http.schemas import NEW_PASSWORD, PASSWORD, UserOut
from accounts.handlers.individuals import register_individual
from accounts.handlers.sessions import (
    AccessGranted,
    log_in,
    log_out,
    log_out_everywhere,
    own_account,
    refresh,
)
from chassis import problems
from chassis.api import ClientAddressDep
from contracts.accounts import Language

router = APIRouter(tags=["accounts"])

REFRESH_TOKEN = Field(min_length=1, max_length=200, description="From the last token answer")


class Registration(BaseModel):
    email: EmailStr
    password: Annotated[str, NEW_PASSWORD]
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S", max_length=200)
    ]
    language: Language = "fr"


class Credentials(BaseModel):
    email: EmailStr
    password: Annotated[str, PASSWORD]


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, REFRESH_TOKEN]


class RevokeRequest(BaseModel):
    refresh_token: Annotated[str, REFRESH_TOKEN]


class AccessToken(BaseModel):
    access_token: str = Field(description="Bearer token for every service's API (JWT, EdDSA)")
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds the access token is valid")
    refresh_token: str = Field(
        description="Opaque; trade it once at POST /token/refresh for the next pair"
    )
    refresh_expires_in: int = Field(description="Seconds the refresh token stays usable")

    @classmethod
    def of(cls, granted: AccessGranted, response: Response) -> AccessToken:
        response.headers["Cache-Control"] = "no-store"  # credentials: never kept anywhere
        response.headers["Pragma"] = "no-cache"
        return cls(
            access_token=granted.access_token,
            expires_in=granted.expires_in,
            refresh_token=granted.refresh_token,
            refresh_expires_in=granted.refresh_expires_in,
        )


class SessionsEnded(BaseModel):
    ended: int = Field(description="How many sessions were open and are now ended")


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an individual account (R-A1); public. A link to confirm the address is emailed",
    responses=problems.responses(409, 422, 429, 503),
)
async def register(body: Registration, uow: UowDep, client: ClientAddressDep) -> UserOut:
    command = RegisterIndividual(
        body.email, body.password, body.full_name, body.language, client=client
    )
    return UserOut.of(await register_individual(command, uow))


@router.post(
    "/token",
    summary="Log in: email and password for an access token and a refresh token; public",
    responses=problems.responses(401, 422, 429, 503),
)
async def token(
    body: Credentials, uow: UowDep, client: ClientAddressDep, response: Response
) -> AccessToken:
    """401 `invalid_credentials` for a wrong password or an unknown address alike; 429
    `too_many_attempts` (this address) or `too_many_requests_from_client` (this client
    address), with Retry-After."""
    granted = await log_in(LogIn(body.email, body.password, client=client), uow)
    return AccessToken.of(granted, response)


@router.post(
    "/token/refresh",
    summary="Trade a refresh token for a new access token and the next refresh token; "
    "public (the refresh token is the credential)",
    responses=problems.responses(401, 422, 503),
)
async def token_refresh(body: RefreshRequest, uow: UowDep, response: Response) -> AccessToken:
    """Each refresh token works once. 401 `refresh_token_reused` when one comes a second
    time: it was copied, and its whole session has ended (log in again); 401
    `invalid_refresh_token` when it is unknown, expired, or its session has ended."""
    return AccessToken.of(await refresh(Refresh(body.refresh_token), uow), response)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this session (the access token's)",
    responses=problems.responses(401),
)
async def logout(principal: SignedInDep, uow: UowDep) -> None:
    """Its tokens are refused at once by accounts, and by the other services within
    seconds (`accounts.sessions.ended.v1`)."""
    await log_out(LogOut(session_id=UUID(principal.session_id)), uow)


@router.post(
    "/token/revoke",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End the session of a refresh token (RFC 7009); public (the refresh token is "
    "the credential)",
    responses=problems.responses(422),
)
async def token_revoke(body: RevokeRequest, uow: UowDep) -> None:
    """For a front end whose access token has expired: its session ends as with logout.
    An unknown or spent refresh token gets the same 204 (RFC 7009, section 2.2)."""
    await log_out(LogOut(refresh_token=body.refresh_token), uow)


@router.post(
    "/logout-everywhere",
    summary="End every session of the caller's account, this one included",
    responses=problems.responses(401),
)
async def logout_everywhere(principal: SignedInDep, uow: UowDep) -> SessionsEnded:
    return SessionsEnded(ended=await log_out_everywhere(LogOutEverywhere(principal.user_id), uow))


@router.get("/me", summary="The caller's own account", responses=problems.responses(401, 404))
async def me(principal: SignedInDep, uow: UowDep) -> UserOut:
    return UserOut.of(await own_account(principal.user_id, uow))
