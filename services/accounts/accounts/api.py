"""The accounts REST API."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, EmailStr, Field
from sqlalchemy import select

from accounts.handlers import (
    EmailTaken,
    InvalidCredentials,
    RegisterIndividual,
    log_in,
    register_individual,
)
from accounts.models import User
from accounts.passwords import WeakPassword
from accounts.settings import AccountsSettings
from accounts.signing import TokenIssuer
from chassis.api import PrincipalDep, RuntimeDep, UnitOfWorkDep
from contracts.accounts import Language

router = APIRouter(tags=["accounts"])


class Registration(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"


class UserOut(BaseModel):
    id: UUID
    email: str
    full_name: str
    language: str
    account_kind: str
    roles: list[str]
    company_id: UUID | None
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls.model_validate(user, from_attributes=True)


class Credentials(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)


class AccessToken(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


def get_issuer(runtime: RuntimeDep) -> TokenIssuer:
    settings = runtime.settings
    if not isinstance(settings, AccountsSettings) or settings.jwt_private_key is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "token signing is not configured")
    return TokenIssuer(
        settings.jwt_private_key.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(minutes=settings.access_token_minutes),
        clock=runtime.clock,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an individual account (R-A1)",
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
        raise HTTPException(
            status.HTTP_409_CONFLICT, "an account with this email already exists"
        ) from error
    return UserOut.of(user)


@router.post("/token", summary="Log in: exchange email and password for an access token")
async def token(
    body: Credentials, uow: UnitOfWorkDep, issuer: Annotated[TokenIssuer, Depends(get_issuer)]
) -> AccessToken:
    try:
        access_token = await log_in(body.email, body.password, uow, issuer)
    except InvalidCredentials as error:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong email or password",
            {"WWW-Authenticate": "Bearer"},
        ) from error
    return AccessToken(access_token=access_token, expires_in=int(issuer.lifetime.total_seconds()))


@router.get("/me", summary="The caller's own account")
async def me(principal: PrincipalDep, uow: UnitOfWorkDep) -> UserOut:
    user = await uow.session.scalar(select(User).where(User.id == principal.user_id))
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "this account no longer exists")
    return UserOut.of(user)
