"""Passwords over HTTP: set with an invitation link (R-A2), forgotten and reset (R-A3).

These endpoints are public: the link's token is the credential.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, EmailStr, Field

from accounts.adapters.password_hashing import WeakPassword
from accounts.adapters.single_use import INVALID_LINK, InvalidLink
from accounts.entrypoints.http.dependencies import SettingsDep
from accounts.entrypoints.http.schemas import PASSWORD
from accounts.handlers.invitations import set_password
from accounts.handlers.passwords import request_reset, reset_password
from chassis.api import UnitOfWorkDep

router = APIRouter(tags=["passwords"])

TOKEN = Field(min_length=1, max_length=200)
FORGOT_ANSWER = "If an account uses this address, a link to reset its password has been sent to it."


class SetPassword(BaseModel):
    token: Annotated[str, TOKEN]
    password: Annotated[str, PASSWORD]


class Forgot(BaseModel):
    email: EmailStr


class Reset(BaseModel):
    token: Annotated[str, TOKEN]
    new_password: Annotated[str, PASSWORD]


class Accepted(BaseModel):
    detail: str


def _refused(error: Exception, field: str) -> HTTPException:
    if isinstance(error, WeakPassword):
        return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{field}: {error}")
    return HTTPException(status.HTTP_400_BAD_REQUEST, INVALID_LINK)


@router.post(
    "/password/set",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Choose a password with a single-use invitation link (R-A2); public",
    responses={400: {"description": INVALID_LINK}},
)
async def set_with_link(body: SetPassword, uow: UnitOfWorkDep) -> None:
    try:
        await set_password(uow, body.token, body.password)
    except (WeakPassword, InvalidLink) as error:
        raise _refused(error, "password") from error


@router.post(
    "/password/forgot",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask for a password-reset link (R-A3); public, same answer for any address",
)
async def forgot(body: Forgot, uow: UnitOfWorkDep, settings: SettingsDep) -> Accepted:
    await request_reset(uow, settings, body.email)
    return Accepted(detail=FORGOT_ANSWER)


@router.post(
    "/password/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with a reset link (R-A3); ends every session; public",
    responses={400: {"description": INVALID_LINK}},
)
async def reset(body: Reset, uow: UnitOfWorkDep) -> None:
    try:
        await reset_password(uow, body.token, body.new_password)
    except (WeakPassword, InvalidLink) as error:
        raise _refused(error, "new_password") from error
