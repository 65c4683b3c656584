"""Company accounts (R-A1) and their users.

The person who registers a company becomes its first enrollment manager and
can order straight away; an enrollment manager then adds colleagues
(enrollment managers or HR, R-A6), who get a set-password link (R-A2).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.adapters.password_hashing import check_policy, hash_password
from accounts.adapters.tables import Company, User
from accounts.domain.registration_numbers import Country, check_company_numbers
from accounts.handlers.individuals import EmailTaken, email_is_taken, new_user, normalise_email
from accounts.handlers.invitations import invite
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import CompanyRegisteredV1, Language, UserRegisteredV1
from contracts.identity import Role

COMPANY_ROLES = (Role.ENROLLMENT_MANAGER, Role.HR)


class CompanyTaken(Exception):
    pass


class AccountConflict(Exception):
    """A concurrent registration took the email or the company first."""


@dataclass(frozen=True)
class RegisterCompany:
    legal_name: str
    country: Country
    registration_number: str
    vat_number: str | None
    email: str
    password: str
    full_name: str
    language: Language = "fr"


async def register_company(command: RegisterCompany, uow: UnitOfWork) -> tuple[Company, User]:
    numbers = check_company_numbers(
        command.country, command.registration_number, command.vat_number
    )
    check_policy(command.password)
    email = normalise_email(command.email)
    if await email_is_taken(uow, email):
        raise EmailTaken(email)
    existing = await uow.session.scalar(
        select(Company.id).where(
            Company.country == command.country,
            Company.registration_number == numbers.registration_number,
        )
    )
    if existing is not None:
        raise CompanyTaken(numbers.registration_number)
    company = Company(
        id=uuid.uuid4(),
        legal_name=command.legal_name.strip(),
        country=command.country,
        registration_number=numbers.registration_number,
        vat_number=numbers.vat_number,
        created_at=uow.clock.now(),
    )
    uow.session.add(company)
    user = new_user(
        uow,
        email=email,
        full_name=command.full_name,
        language=command.language,
        account_kind="company",
        roles=[Role.ENROLLMENT_MANAGER],
        company_id=company.id,
        password_hash=await hash_password(command.password),
    )
    uow.publish(
        CompanyRegisteredV1(
            company_id=company.id,
            legal_name=company.legal_name,
            country=company.country,
            registration_number=company.registration_number,
            vat_number=company.vat_number,
            registered_by_user_id=user.id,
        )
    )
    uow.publish(
        UserRegisteredV1(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=command.language,
            account_kind="company",
        )
    )
    try:
        await uow.commit()
    except IntegrityError as error:
        raise AccountConflict() from error
    return company, user


async def add_colleague(
    uow: UnitOfWork,
    settings: AccountsSettings,
    company_id: UUID,
    *,
    email: str,
    full_name: str,
    role: Role,
    language: Language,
) -> User:
    """A user of the same company, with no password until they use their link (R-A2).

    The contract has no invitation reason for a colleague; "staff_account"
    (an account made by someone else for work) is the nearest.
    """
    if role not in COMPANY_ROLES:
        raise ValueError(f"a company user is one of: {', '.join(COMPANY_ROLES)}")
    email = normalise_email(email)
    if await email_is_taken(uow, email):
        raise EmailTaken(email)
    user = new_user(
        uow,
        email=email,
        full_name=full_name,
        language=language,
        account_kind="company",
        roles=[role],
        company_id=company_id,
    )
    await invite(uow, settings, user, "staff_account")
    try:
        await uow.commit()
    except IntegrityError as error:
        raise EmailTaken(email) from error
    return user
