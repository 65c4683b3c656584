"""Passwords over HTTP: set with an invitation link (R-A2), forgotten and reset (R-A3).

These endpoints are public: the link's token is the credential.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, EmailStr, Field

from accounts.domain import commands
from accounts.domain.refusals import INVALID_LINK
from accounts.entrypoints.http.dependencies import UowDep
from accounts.entrypoints.http.schemas import NEW_PASSWORD
from accounts.handlers.passwords import request_reset, reset_password, set_password
from chassis import problems
from chassis.api import ClientAddressDep

router = APIRouter(tags=["passwords"])

TOKEN = Field(min_length=1, max_length=200)
FORGOT_ANSWER = "If an account uses this address, a link to reset its password has been sent to it."


class SetPassword(BaseModel):
    token: Annotated[str, TOKEN]
    password: Annotated[str, NEW_PASSWORD]


class Forgot(BaseModel):
    email: EmailStr


class Reset(BaseModel):
    token: Annotated[str, TOKEN]
    new_password: Annotated[str, NEW_PASSWORD]


class Accepted(BaseModel):
    detail: str


@router.post(
    "/password/set",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Choose a password with a single-use invitation link (R-A2); confirms the "
    "address; public",
    responses={400: {"description": INVALID_LINK}},
)
async def set_with_link(body: SetPassword, uow: UowDep) -> None:
    await set_password(commands.SetPassword(body.token, body.password), uow)


@router.post(
    "/password/forgot",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask for a password-reset link (R-A3); public, same answer for any address",
    responses=problems.responses(422, 429, 503),
)
async def forgot(body: Forgot, uow: UowDep, client: ClientAddressDep) -> Accepted:
    await request_reset(commands.RequestPasswordReset(body.email, client=client), uow)
    return Accepted(detail=FORGOT_ANSWER)


@router.post(
    "/password/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with a reset link (R-A3); ends every session and confirms "
    "the address; public",
    responses={400: {"description": INVALID_LINK}},
)
async def reset(body: Reset, uow: UowDep) -> None:
    await reset_password(commands.ResetPassword(body.token, body.new_password), uow)
