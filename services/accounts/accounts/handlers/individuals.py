"""What accounts does for individuals: register and log in (R-A1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.adapters import login_failures as login_attempts
from accounts.adapters import sessions
from accounts.adapters.password_hashing import check_policy, hash_password, verify_password
from accounts.adapters.signing import TokenIssuer
from accounts.adapters.tables import User
from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language, UserRegisteredV1
from contracts.identity import Role


class EmailTaken(Exception):
    pass


class InvalidCredentials(Exception):
    pass


class TooManyAttempts(Exception):
    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"too many failed attempts: wait {wait}")
        self.wait = wait


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def email_is_taken(uow: UnitOfWork, email: str) -> bool:
    return await uow.session.scalar(select(User.id).where(User.email == email)) is not None


def new_user(
    uow: UnitOfWork,
    *,
    email: str,
    full_name: str,
    language: str,
    account_kind: str,
    roles: list[Role],
    company_id: UUID | None = None,
    password_hash: str | None = None,
) -> User:
    """Add a user to the unit of work; without a password hash it cannot log in yet (R-A2)."""
    user = User(
        id=uuid.uuid4(),
        email=normalise_email(email),
        full_name=full_name.strip(),
        password_hash=password_hash,
        language=language,
        account_kind=account_kind,
        roles=[r.value for r in roles],
        company_id=company_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(user)
    return user


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
    if await email_is_taken(uow, email):
        raise EmailTaken(email)
    user = new_user(
        uow,
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
    try:
        await uow.commit()
    except IntegrityError as error:  # a concurrent registration won the race
        raise EmailTaken(email) from error
    return user


async def log_in(
    email: str, password: str, uow: UnitOfWork, issuer: TokenIssuer, settings: AccountsSettings
) -> str:
    """A session and its access token; failures throttled per address (`throttling.py`).

    While an address must wait, attempts are refused before the password is
    checked, even the right one, and are not counted.
    """
    email = normalise_email(email)
    wait = await login_attempts.wait_before_attempt(uow, email, settings)
    if wait is not None:
        raise TooManyAttempts(wait)
    user = await uow.session.scalar(select(User).where(User.email == email))
    # verify_password runs even for an unknown email, so timing does not tell.
    if not await verify_password(user.password_hash if user else None, password) or user is None:
        await login_attempts.record_failure(uow, email)
        try:
            await uow.commit()
        except IntegrityError:  # a concurrent failure counted first; one less is fine
            await uow.rollback()
        raise InvalidCredentials()
    await login_attempts.forget(uow, email)
    session = sessions.start(uow, user.id)
    await uow.commit()
    return issuer.issue(
        user_id=user.id,
        email=user.email,
        roles=user.roles,
        company_id=user.company_id,
        session_id=session.id,
    )
