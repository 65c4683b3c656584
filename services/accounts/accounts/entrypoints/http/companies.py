"""Company accounts over HTTP (R-A1): registration, and colleagues added by a manager."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, EmailStr, Field, StringConstraints

from accounts.domain.commands import AddColleague, RegisterCompany
from accounts.entrypoints.http.dependencies import UowDep, signed_in_with_roles
from accounts.entrypoints.http.schemas import NEW_PASSWORD, UserOut
from accounts.handlers.companies import add_colleague, register_company
from chassis import problems
from chassis.api import ClientAddressDep
from chassis.tokens import Principal
from contracts.accounts import Language
from contracts.identity import Role

router = APIRouter(tags=["companies"])


class CompanyRegistration(BaseModel):
    legal_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S", max_length=200)
    ]
    country: Literal["FR", "BE"]
    registration_number: str = Field(
        min_length=1, max_length=40, description="SIREN or SIRET (FR), enterprise number (BE)"
    )
    vat_number: str | None = Field(default=None, max_length=20, description="EU VAT number")
    email: EmailStr = Field(description="Login email of the first enrollment manager")
    password: Annotated[str, NEW_PASSWORD]
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S", max_length=200)
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
        str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S", max_length=200)
    ]
    role: Literal[Role.ENROLLMENT_MANAGER, Role.HR]
    language: Language = "fr"


@router.post(
    "/companies/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create a company account and its first enrollment manager (R-A1); public",
    responses={
        409: {"description": "The email or the company already has an account"},
        **problems.responses(422, 429, 503),
    },
)
async def register(
    body: CompanyRegistration, uow: UowDep, client: ClientAddressDep
) -> CompanyRegistered:
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
            client=client,
        ),
        uow,
    )
    return CompanyRegistered(
        company=CompanyOut.model_validate(company, from_attributes=True), user=UserOut.of(user)
    )


@router.post(
    "/companies/{company_id}/users",
    status_code=status.HTTP_201_CREATED,
    summary="An enrollment manager adds a colleague, who gets a set-password link (R-A2)",
    responses={
        409: {"description": "An account with this email already exists"},
        **problems.responses(401, 403, 422, 503),
    },
)
async def add_user(
    company_id: UUID,
    body: Colleague,
    uow: UowDep,
    principal: Annotated[Principal, Depends(signed_in_with_roles(Role.ENROLLMENT_MANAGER))],
) -> UserOut:
    user = await add_colleague(
        AddColleague(
            company_id=company_id,
            email=body.email,
            full_name=body.full_name,
            role=body.role,
            language=body.language,
            added_by=principal,
        ),
        uow,
    )
    return UserOut.of(user)
