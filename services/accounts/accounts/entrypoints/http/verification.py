"""Confirming a new account's address over HTTP (issue 13): the emailed link's page posts
its token here; a signed-in person whose address is unconfirmed may ask for it again."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from accounts.domain.commands import ResendVerification, VerifyEmail
from accounts.entrypoints.http.dependencies import SignedInDep, UowDep
from accounts.entrypoints.http.schemas import UserOut
from accounts.handlers.verification import resend_verification, verify_email
from chassis import problems

router = APIRouter(tags=["email verification"])


class Verification(BaseModel):
    token: Annotated[str, Field(min_length=1, max_length=200)]


class VerificationSent(BaseModel):
    detail: str
    expires_at: datetime


@router.post(
    "/verify-email",
    summary="Confirm the account's address with the emailed link (page /verify-email); public",
    responses=problems.responses(400, 422),
)
async def verify(body: Verification, uow: UowDep) -> UserOut:
    """400 `invalid_link` for an unknown, used or expired link, or one sent to an address
    the account no longer uses. Access tokens issued from now on (a login, a refresh)
    say `email_verified: true`."""
    return UserOut.of(await verify_email(VerifyEmail(body.token), uow))


@router.post(
    "/verify-email/resend",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Email the signed-in person a new confirmation link (a few an hour at most)",
    responses=problems.responses(401, 404, 409, 429, 503),
)
async def resend(principal: SignedInDep, uow: UowDep) -> VerificationSent:
    """409 `email_already_verified`; 429 `too_many_verification_emails` with Retry-After."""
    expires_at = await resend_verification(ResendVerification(principal.user_id), uow)
    return VerificationSent(
        detail="A new link to confirm your address has been sent to it.", expires_at=expires_at
    )
