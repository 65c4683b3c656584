"""Company accounts (R-A1) and their users.

The person who registers a company becomes its first enrollment manager and
can order straight away; an enrollment manager then adds colleagues
(enrollment managers or HR, R-A6), who get a set-password link (R-A2).
"""

from __future__ import annotations

from accounts.adapters import companies, users
from accounts.adapters.password_hashing import hash_password
from accounts.adapters.tables import Company, User
from accounts.domain.access import check_company_role, require_manager_of
from accounts.domain.commands import AddColleague, RegisterCompany
from accounts.domain.passwords import check_policy
from accounts.domain.refusals import AccountConflict, CompanyTaken
from accounts.domain.registration_numbers import check_company_numbers
from accounts.domain.throttling import ClientAction
from accounts.handlers import Uow
from accounts.handlers.client_limits import count_client_attempt
from accounts.handlers.invitations import invite
from accounts.handlers.unique_email import add_user, commit_unless_taken, refuse_if_taken
from accounts.handlers.verification import verification_link
from contracts.accounts import CompanyRegisteredV1, UserRegisteredV2
from contracts.identity import Role, normalise_email


async def register_company(command: RegisterCompany, uow: Uow) -> tuple[Company, User]:
    """R-A1: the company account and its first enrollment manager, who can order at once;
    their address is confirmed by the link of the welcome email (`verification`)."""
    await count_client_attempt(uow, ClientAction.REGISTRATION, command.client)
    numbers = check_company_numbers(
        command.country, command.registration_number, command.vat_number
    )
    check_policy(command.password)
    email = normalise_email(command.email)
    await refuse_if_taken(uow, email)
    if await companies.company_is_registered(
        uow.session, command.country, numbers.registration_number
    ):
        raise CompanyTaken()
    now = uow.clock.now()
    company = companies.new_company(
        uow.session, now, legal_name=command.legal_name, country=command.country, numbers=numbers
    )
    user = users.new_user(
        uow.session,
        now,
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
        UserRegisteredV2(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=command.language,
            account_kind="company",
            verification=await verification_link(uow, user),
        )
    )
    await commit_unless_taken(uow, AccountConflict())
    return company, user


async def add_colleague(command: AddColleague, uow: Uow) -> User:
    """A user of the manager's own company, with no password until they use their link (R-A2).

    The contract has no invitation reason for a colleague; "staff_account"
    (an account made by someone else for work) is the nearest.
    """
    require_manager_of(command.added_by, command.company_id)
    check_company_role(command.role)
    user = await add_user(
        uow,
        email=command.email,
        full_name=command.full_name,
        language=command.language,
        account_kind="company",
        roles=[command.role],
        company_id=command.company_id,
    )
    await invite(uow, user, "staff_account")
    await commit_unless_taken(uow)
    return user
