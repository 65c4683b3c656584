"""Operator commands: `python -m accounts <command> [args]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from accounts.adapters.tables import delivery
from accounts.domain.refusals import EmailTaken
from accounts.handlers import Uow
from accounts.handlers.staff import create_first_admin
from accounts.settings import AccountsSettings
from chassis.clock import SystemClock
from chassis.db import Database


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


COMMANDS = {"create-admin": create_admin}
