"""Staff accounts over HTTP: only admins create them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, EmailStr, StringConstraints

from accounts.domain.commands import CreateStaffMember
from accounts.entrypoints.http.dependencies import UowDep, signed_in_with_roles
from accounts.entrypoints.http.schemas import UserOut
from accounts.handlers.staff import create_staff
from chassis import problems
from chassis.tokens import Principal
from contracts.accounts import Language
from contracts.identity import Role

router = APIRouter(tags=["staff"])


class StaffMember(BaseModel):
    email: EmailStr
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S", max_length=200)
    ]
    role: Literal[Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER, Role.ADMIN]
    language: Language = "fr"


@router.post(
    "/staff",
    status_code=status.HTTP_201_CREATED,
    summary="An admin creates a staff account; its owner gets a set-password link",
    responses={
        409: {"description": "An account with this email already exists"},
        **problems.responses(401, 403, 422, 503),
    },
)
async def create(
    body: StaffMember,
    uow: UowDep,
    _: Annotated[Principal, Depends(signed_in_with_roles(Role.ADMIN))],
) -> UserOut:
    command = CreateStaffMember(body.email, body.full_name, body.role, body.language)
    return UserOut.of(await create_staff(command, uow))
