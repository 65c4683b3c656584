"""What accounts does, as plain functions of a command and a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.models import Session, User
from accounts.passwords import check_policy, hash_password, verify_password
from accounts.signing import TokenIssuer
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language, UserRegisteredV1
from contracts.identity import Role


class EmailTaken(Exception):
    pass


class InvalidCredentials(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class RegisterIndividual:
    email: str
    password: str
    full_name: str
    language: Language = "fr"


async def register_individual(command: RegisterIndividual, uow: UnitOfWork) -> User:
    """R-A1: a person creates an individual account and can order straight away."""
    check_policy(command.password)
    email = normalise_email(command.email)
    if await uow.session.scalar(select(User.id).where(User.email == email)):
        raise EmailTaken(email)
    user = User(
        id=uuid.uuid4(),
        email=email,
        full_name=command.full_name.strip(),
        password_hash=await hash_password(command.password),
        language=command.language,
        account_kind="individual",
        roles=[Role.INDIVIDUAL.value],
        company_id=None,
        created_at=uow.clock.now(),
    )
    uow.session.add(user)
    uow.publish(
        UserRegisteredV1(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            language=command.language,
            account_kind="individual",
        )
    )
    try:
        await uow.commit()
    except IntegrityError as error:  # a concurrent registration won the race
        raise EmailTaken(email) from error
    return user


async def log_in(email: str, password: str, uow: UnitOfWork, issuer: TokenIssuer) -> str:
    user = await uow.session.scalar(select(User).where(User.email == normalise_email(email)))
    # verify_password runs even for an unknown email, so timing does not tell.
    if not await verify_password(user.password_hash if user else None, password) or user is None:
        raise InvalidCredentials()
    session = Session(id=uuid.uuid4(), user_id=user.id, created_at=uow.clock.now(), revoked_at=None)
    uow.session.add(session)
    await uow.commit()
    return issuer.issue(
        user_id=user.id,
        email=user.email,
        roles=user.roles,
        company_id=user.company_id,
        session_id=session.id,
    )
