"""Changing the login email over HTTP (R-A5): warn and send a link, then confirm."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, EmailStr, Field

from accounts.adapters.single_use import INVALID_LINK, InvalidLink
from accounts.entrypoints.http.dependencies import SettingsDep, SignedInDep
from accounts.entrypoints.http.schemas import PASSWORD, UserOut
from accounts.handlers.email_change import SameEmail, WrongPassword, confirm_change, request_change
from accounts.handlers.individuals import EmailTaken, TooManyAttempts
from chassis.api import UnitOfWorkDep

router = APIRouter(tags=["email change"])


class EmailChange(BaseModel):
    new_email: EmailStr
    password: Annotated[str, PASSWORD]


class EmailChangePending(BaseModel):
    warning: str
    """R-A5: enrollments placed with the old address will no longer show."""
    new_email: str
    expires_at: datetime


class Confirmation(BaseModel):
    token: str = Field(min_length=1, max_length=200)


@router.post(
    "/me/email",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask to change the login email: warns, and sends a link to the new address (R-A5)",
    responses={
        403: {"description": "Wrong password"},
        429: {"description": "Too many wrong passwords: see Retry-After"},
    },
)
async def change(
    body: EmailChange, principal: SignedInDep, uow: UnitOfWorkDep, settings: SettingsDep
) -> EmailChangePending:
    try:
        pending = await request_change(
            uow, settings, principal.user_id, body.new_email, body.password
        )
    except TooManyAttempts as error:
        seconds = max(1, math.ceil(error.wait.total_seconds()))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many wrong passwords for this account: try again in {seconds} s",
            {"Retry-After": str(seconds)},
        ) from error
    except WrongPassword as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "password: wrong password") from error
    except SameEmail as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "new_email: this is already your login email"
        ) from error
    return EmailChangePending(
        warning=pending.warning, new_email=pending.new_email, expires_at=pending.expires_at
    )


@router.post(
    "/me/email/confirm",
    summary="Confirm the new login email with the emailed link (R-A5); ends other sessions",
    responses={
        400: {"description": INVALID_LINK},
        409: {"description": "Another account uses this address now"},
    },
)
async def confirm(body: Confirmation, principal: SignedInDep, uow: UnitOfWorkDep) -> UserOut:
    """The caller's token still carries the old email until it expires: log in again
    to get one with the new address."""
    try:
        user = await confirm_change(uow, principal.user_id, UUID(principal.session_id), body.token)
    except InvalidLink as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, INVALID_LINK) from error
    except EmailTaken as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "another account uses this address now"
        ) from error
    return UserOut.of(user)
