"""Staff accounts: the first admin by an operator's command, the others by an admin."""

from __future__ import annotations

from accounts.adapters import single_use
from accounts.adapters.tables import User
from accounts.domain.access import check_staff_role
from accounts.domain.commands import CreateStaffMember
from accounts.domain.links import Purpose, link
from accounts.handlers import Uow
from accounts.handlers.invitations import invite, set_password_link
from accounts.handlers.unique_email import add_user, commit_unless_taken
from accounts.settings import AccountsSettings
from contracts.accounts import Language
from contracts.identity import Role


async def create_staff(command: CreateStaffMember, uow: Uow) -> User:
    """An admin creates a staff account; its owner gets a set-password link by email."""
    check_staff_role(command.role)
    user = await _new_staff_member(
        uow, command.email, command.full_name, command.role, command.language
    )
    await invite(uow, user, "staff_account")
    await commit_unless_taken(uow)
    return user


async def create_first_admin(
    uow: Uow, settings: AccountsSettings, *, email: str, full_name: str
) -> tuple[User, single_use.Issued, str]:
    """The operator's bootstrap: an admin and the set-password link, handed to the operator.

    Called by `python -m accounts create-admin` and by test rigs; `settings` are
    the ones the operator's command runs with (`uow.settings`).
    """
    user = await _new_staff_member(uow, email, full_name, Role.ADMIN, "fr")
    issued = await set_password_link(uow, user)
    await commit_unless_taken(uow)
    return user, issued, link(settings.public_base_url, Purpose.SET_PASSWORD, issued.token)


async def _new_staff_member(
    uow: Uow, email: str, full_name: str, role: Role, language: Language
) -> User:
    return await add_user(
        uow,
        email=email,
        full_name=full_name,
        language=language,
        account_kind="staff",
        roles=[role],
    )
