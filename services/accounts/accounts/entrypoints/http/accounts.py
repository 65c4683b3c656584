"""The accounts REST API: individual registration, login, logout, the caller's account."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, EmailStr, StringConstraints

from accounts.domain.commands import LogIn, LogOut, RegisterIndividual
from accounts.entrypoints.http.dependencies import SignedInDep, UowDep
from accounts.entrypoints.http.schemas import PASSWORD, UserOut
from accounts.handlers.individuals import register_individual
from accounts.handlers.sessions import log_in, log_out, own_account
from contracts.accounts import Language

router = APIRouter(tags=["accounts"])


class Registration(BaseModel):
    email: EmailStr
    password: Annotated[str, PASSWORD]
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    language: Language = "fr"


class Credentials(BaseModel):
    email: EmailStr
    password: Annotated[str, PASSWORD]


class AccessToken(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an individual account (R-A1); public",
    responses={409: {"description": "An account with this email already exists"}},
)
async def register(body: Registration, uow: UowDep) -> UserOut:
    command = RegisterIndividual(body.email, body.password, body.full_name, body.language)
    return UserOut.of(await register_individual(command, uow))


@router.post(
    "/token",
    summary="Log in: exchange email and password for an access token; public",
    responses={
        401: {"description": "Wrong email or password"},
        429: {"description": "Too many failed attempts for this address: see Retry-After"},
    },
)
async def token(body: Credentials, uow: UowDep) -> AccessToken:
    granted = await log_in(LogIn(body.email, body.password), uow)
    return AccessToken(access_token=granted.access_token, expires_in=granted.expires_in)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End the current session (the token's sid)",
)
async def logout(principal: SignedInDep, uow: UowDep) -> None:
    """Accounts refuses the token at once; other services accept it until it expires
    (15 minutes at most), since they verify tokens without asking accounts."""
    await log_out(LogOut(UUID(principal.session_id)), uow)


@router.get("/me", summary="The caller's own account")
async def me(principal: SignedInDep, uow: UowDep) -> UserOut:
    return UserOut.of(await own_account(principal.user_id, uow))
