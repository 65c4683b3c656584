"""What accounts does for individuals: they register themselves (R-A1)."""

from __future__ import annotations

from accounts.adapters.password_hashing import hash_password
from accounts.adapters.tables import User
from accounts.domain.commands import RegisterIndividual
from accounts.domain.passwords import check_policy
from accounts.domain.throttling import ClientAction
from accounts.handlers import Uow
from accounts.handlers.client_limits import count_client_attempt
from accounts.handlers.unique_email import add_user, commit_unless_taken
from accounts.handlers.verification import verification_link
from contracts.accounts import UserRegisteredV2
from contracts.identity import Role


async def register_individual(command: RegisterIndividual, uow: Uow) -> User:
    """R-A1: a person creates an individual account and can order straight away; what is
    matched on the address shows once its confirmation link is used (`verification`)."""
    await count_client_attempt(uow, ClientAction.REGISTRATION, command.client)
    check_policy(command.password)
    user = await add_user(
        uow,
        email=command.email,
        full_name=command.full_name,
        language=command.language,
        account_kind="individual",
        roles=[Role.INDIVIDUAL],
        password_hash=await hash_password(command.password),
    )
    uow.publish(
        UserRegisteredV2(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=command.language,
            account_kind="individual",
            verification=await verification_link(uow, user),
        )
    )
    await commit_unless_taken(uow)
    return user
