"""Staff accounts: the first admin by an operator's command, the others by an admin."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from accounts.adapters import single_use
from accounts.adapters.tables import User
from accounts.domain.links import Purpose, link
from accounts.handlers.individuals import EmailTaken, email_is_taken, new_user, normalise_email
from accounts.handlers.invitations import invite, set_password_link
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.identity import Role

STAFF_ACCOUNT_ROLES = (Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER, Role.ADMIN)


async def create_staff(
    uow: UnitOfWork,
    settings: AccountsSettings,
    *,
    email: str,
    full_name: str,
    role: Role,
    language: Language,
) -> User:
    """An admin creates a staff account; its owner gets a set-password link by email."""
    if role not in STAFF_ACCOUNT_ROLES:
        raise ValueError(f"a staff role is one of: {', '.join(STAFF_ACCOUNT_ROLES)}")
    user = await _new_staff_member(uow, email, full_name, role, language)
    await invite(uow, settings, user, "staff_account")
    await _commit(uow, user.email)
    return user


async def create_first_admin(
    uow: UnitOfWork, settings: AccountsSettings, *, email: str, full_name: str
) -> tuple[User, single_use.Issued, str]:
    """The operator's bootstrap: an admin and the set-password link, handed to the operator."""
    user = await _new_staff_member(uow, email, full_name, Role.ADMIN, "fr")
    issued = await set_password_link(uow, settings, user)
    await _commit(uow, user.email)
    return user, issued, link(settings.public_base_url, Purpose.SET_PASSWORD, issued.token)


async def _new_staff_member(
    uow: UnitOfWork, email: str, full_name: str, role: Role, language: Language
) -> User:
    email = normalise_email(email)
    if await email_is_taken(uow, email):
        raise EmailTaken(email)
    return new_user(
        uow,
        email=email,
        full_name=full_name,
        language=language,
        account_kind="staff",
        roles=[role],
    )


async def _commit(uow: UnitOfWork, email: str) -> None:
    try:
        await uow.commit()
    except IntegrityError as error:
        raise EmailTaken(email) from error
