"""What accounts does for individuals: they register themselves (R-A1)."""

from __future__ import annotations

from accounts.adapters import users
from accounts.adapters.password_hashing import hash_password
from accounts.adapters.tables import User
from accounts.domain.commands import RegisterIndividual
from accounts.domain.passwords import check_policy
from accounts.handlers import Uow
from accounts.handlers.unique_email import commit_unless_taken, refuse_if_taken
from contracts.accounts import UserRegisteredV1
from contracts.identity import Role, normalise_email


async def register_individual(command: RegisterIndividual, uow: Uow) -> User:
    """R-A1: a person creates an individual account and can order straight away."""
    check_policy(command.password)
    email = normalise_email(command.email)
    await refuse_if_taken(uow, email)
    user = users.new_user(
        uow.session,
        uow.clock.now(),
        email=email,
        full_name=command.full_name,
        language=command.language,
        account_kind="individual",
        roles=[Role.INDIVIDUAL],
        password_hash=await hash_password(command.password),
    )
    uow.publish(
        UserRegisteredV1(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=command.language,
            account_kind="individual",
        )
    )
    await commit_unless_taken(uow)
    return user
