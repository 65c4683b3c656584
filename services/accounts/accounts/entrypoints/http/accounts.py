"""The accounts REST API: individual registration, login, logout, the caller's account."""

from __future__ import annotations

import math
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, EmailStr, StringConstraints
from sqlalchemy import select

from accounts.adapters import sessions
from accounts.adapters.password_hashing import WeakPassword
from accounts.adapters.tables import User
from accounts.entrypoints.http.dependencies import IssuerDep, SettingsDep, SignedInDep
from accounts.entrypoints.http.schemas import PASSWORD, UserOut
from accounts.handlers.individuals import (
    EmailTaken,
    InvalidCredentials,
    RegisterIndividual,
    TooManyAttempts,
    log_in,
    register_individual,
)
from chassis.api import UnitOfWorkDep
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


def email_taken() -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, "an account with this email already exists")


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an individual account (R-A1); public",
    responses={409: {"description": "An account with this email already exists"}},
)
async def register(body: Registration, uow: UnitOfWorkDep) -> UserOut:
    try:
        user = await register_individual(
            RegisterIndividual(body.email, body.password, body.full_name, body.language), uow
        )
    except WeakPassword as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"password: {error}") from error
    except EmailTaken as error:
        raise email_taken() from error
    return UserOut.of(user)


@router.post(
    "/token",
    summary="Log in: exchange email and password for an access token; public",
    responses={
        401: {"description": "Wrong email or password"},
        429: {"description": "Too many failed attempts for this address: see Retry-After"},
    },
)
async def token(
    body: Credentials, uow: UnitOfWorkDep, issuer: IssuerDep, settings: SettingsDep
) -> AccessToken:
    try:
        access_token = await log_in(body.email, body.password, uow, issuer, settings)
    except TooManyAttempts as error:
        seconds = max(1, math.ceil(error.wait.total_seconds()))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many failed attempts for this address: try again in {seconds} s",
            {"Retry-After": str(seconds)},
        ) from error
    except InvalidCredentials as error:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong email or password",
            {"WWW-Authenticate": "Bearer"},
        ) from error
    return AccessToken(access_token=access_token, expires_in=int(issuer.lifetime.total_seconds()))


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End the current session (the token's sid)",
)
async def logout(principal: SignedInDep, uow: UnitOfWorkDep) -> None:
    """Accounts refuses the token at once; other services accept it until it expires
    (15 minutes at most), since they verify tokens without asking accounts."""
    await sessions.revoke(uow, UUID(principal.session_id))
    await uow.commit()


@router.get("/me", summary="The caller's own account")
async def me(principal: SignedInDep, uow: UnitOfWorkDep) -> UserOut:
    user = await uow.session.scalar(select(User).where(User.id == principal.user_id))
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "this account no longer exists")
    return UserOut.of(user)
