"""Company accounts over HTTP (R-A1): registration, and colleagues added by a manager."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, EmailStr, Field, StringConstraints

from accounts.adapters.password_hashing import WeakPassword
from accounts.domain.registration_numbers import InvalidNumber
from accounts.entrypoints.http.accounts import email_taken
from accounts.entrypoints.http.dependencies import SettingsDep, signed_in_with_roles
from accounts.entrypoints.http.schemas import PASSWORD, UserOut
from accounts.handlers.companies import (
    AccountConflict,
    CompanyTaken,
    RegisterCompany,
    add_colleague,
    register_company,
)
from accounts.handlers.individuals import EmailTaken
from chassis.api import UnitOfWorkDep
from chassis.tokens import Principal
from contracts.accounts import Language
from contracts.identity import Role

router = APIRouter(tags=["companies"])


class CompanyRegistration(BaseModel):
    legal_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    country: Literal["FR", "BE"]
    registration_number: str = Field(
        min_length=1, max_length=40, description="SIREN or SIRET (FR), enterprise number (BE)"
    )
    vat_number: str | None = Field(default=None, max_length=20, description="EU VAT number")
    email: EmailStr = Field(description="Login email of the first enrollment manager")
    password: Annotated[str, PASSWORD]
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    language: Language = "fr"


class CompanyOut(BaseModel):
    id: UUID
    legal_name: str
    country: str
    registration_number: str
    vat_number: str | None


class CompanyRegistered(BaseModel):
    company: CompanyOut
    user: UserOut


class Colleague(BaseModel):
    email: EmailStr
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    role: Literal[Role.ENROLLMENT_MANAGER, Role.HR]
    language: Language = "fr"


@router.post(
    "/companies/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create a company account and its first enrollment manager (R-A1); public",
    responses={409: {"description": "The email or the company already has an account"}},
)
async def register(body: CompanyRegistration, uow: UnitOfWorkDep) -> CompanyRegistered:
    try:
        company, user = await register_company(
            RegisterCompany(
                legal_name=body.legal_name,
                country=body.country,
                registration_number=body.registration_number,
                vat_number=body.vat_number,
                email=body.email,
                password=body.password,
                full_name=body.full_name,
                language=body.language,
            ),
            uow,
        )
    except InvalidNumber as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except WeakPassword as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"password: {error}") from error
    except EmailTaken as error:
        raise email_taken() from error
    except CompanyTaken as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            "this company already has an account: ask its enrollment manager to add you",
        ) from error
    except AccountConflict as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "the email or the company already has an account"
        ) from error
    return CompanyRegistered(
        company=CompanyOut.model_validate(company, from_attributes=True), user=UserOut.of(user)
    )


@router.post(
    "/companies/{company_id}/users",
    status_code=status.HTTP_201_CREATED,
    summary="An enrollment manager adds a colleague, who gets a set-password link (R-A2)",
    responses={409: {"description": "An account with this email already exists"}},
)
async def add_user(
    company_id: UUID,
    body: Colleague,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
    principal: Annotated[Principal, Depends(signed_in_with_roles(Role.ENROLLMENT_MANAGER))],
) -> UserOut:
    if principal.company_id != company_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "you manage the users of your own company")
    try:
        user = await add_colleague(
            uow,
            settings,
            company_id,
            email=body.email,
            full_name=body.full_name,
            role=body.role,
            language=body.language,
        )
    except EmailTaken as error:
        raise email_taken() from error
    return UserOut.of(user)
