"""Operator commands: `python -m accounts <command> [args]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from uuid import UUID

from accounts.adapters import users
from accounts.adapters.tables import delivery
from accounts.domain.commands import EraseUser
from accounts.domain.refusals import AccountNotFound, EmailTaken
from accounts.handlers import Uow
from accounts.handlers.erasure import ErasedUser, erase_user
from accounts.handlers.staff import create_first_admin
from accounts.settings import AccountsSettings
from chassis.clock import SystemClock
from chassis.db import Database
from chassis.refusals import Refusal


def create_admin(settings: AccountsSettings, argv: Sequence[str]) -> int:
    """Create an admin account and print its single-use set-password link.

    Usage: python -m accounts create-admin --email E --name N

    How the first admin comes to be (admins then create staff through
    POST /staff). The link is printed for the operator to hand over, valid
    `invitation_hours`, usable once; no password ever exists in clear. Run
    `python -m accounts migrate` first.
    """
    parser = argparse.ArgumentParser(prog="accounts create-admin", description=create_admin.__doc__)
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    try:
        url = asyncio.run(_create_admin(settings, args.email, args.name))
    except EmailTaken:
        sys.stderr.write(f"an account with the email {args.email} already exists\n")
        return 1
    # The operator's output, not a log: the link is the one way in for the first admin.
    sys.stdout.write(f"admin {args.email} created; set the password once, with this link:\n")
    sys.stdout.write(f"{url}\n")
    return 0


async def _create_admin(settings: AccountsSettings, email: str, full_name: str) -> str:
    db = Database(settings.sqlalchemy_url())
    try:
        async with Uow(
            db.sessions,
            delivery.outbox,
            producer="accounts",
            clock=SystemClock(),
            settings=settings,
        ) as uow:
            _, _, url = await create_first_admin(uow, settings, email=email, full_name=full_name)
            return url
    finally:
        await db.dispose()


def erase_user_command(settings: AccountsSettings, argv: Sequence[str]) -> int:
    """Erase a person's account on their request (GDPR art. 17).

    Usage: python -m accounts erase-user (--user-id ID | --email E)

    The name, address and password go, every session ends, and
    accounts.user.erased.v1 tells the other services to erase their copies
    (billing keeps its invoices: docs/OPERATIONS.md, "Erase a person's data").
    """
    parser = argparse.ArgumentParser(
        prog="accounts erase-user", description=erase_user_command.__doc__
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--user-id", type=UUID)
    target.add_argument("--email")
    args = parser.parse_args(argv)
    try:
        erased = asyncio.run(_erase(settings, args.user_id, args.email))
    except Refusal as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stdout.write(
        f"user {erased.user_id} erased; {erased.sessions_ended} session(s) ended, "
        f"{erased.forgotten.published_events} published event(s) deleted\n"
    )
    return 0


async def _erase(settings: AccountsSettings, user_id: UUID | None, email: str | None) -> ErasedUser:
    db = Database(settings.sqlalchemy_url())
    try:
        async with Uow(
            db.sessions, delivery.outbox, producer="accounts", clock=SystemClock(),
            settings=settings,
        ) as uow:  # fmt: skip
            if user_id is None:
                user = await users.user_by_email(uow.session, email or "")
                if user is None:
                    raise AccountNotFound()
                user_id = user.id
            return await erase_user(EraseUser(user_id=user_id), uow)
    finally:
        await db.dispose()


COMMANDS = {"create-admin": create_admin, "erase-user": erase_user_command}
