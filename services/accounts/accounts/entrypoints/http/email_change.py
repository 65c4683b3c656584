"""Changing the login email over HTTP (R-A5): warn and send a link, then confirm."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, EmailStr, Field

from accounts.domain.commands import ConfirmEmailChange, RequestEmailChange
from accounts.domain.refusals import INVALID_LINK
from accounts.entrypoints.http.dependencies import SignedInDep, UowDep
from accounts.entrypoints.http.schemas import PASSWORD, UserOut
from accounts.handlers.email_change import confirm_email_change, request_email_change

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
async def change(body: EmailChange, principal: SignedInDep, uow: UowDep) -> EmailChangePending:
    pending = await request_email_change(
        RequestEmailChange(principal.user_id, body.new_email, body.password), uow
    )
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
async def confirm(body: Confirmation, principal: SignedInDep, uow: UowDep) -> UserOut:
    """The caller's token still carries the old email until it expires: log in again
    to get one with the new address."""
    command = ConfirmEmailChange(principal.user_id, UUID(principal.session_id), body.token)
    return UserOut.of(await confirm_email_change(command, uow))
