"""The accounts service: who people are, how they log in, what they may do.

Operator command: `python -m accounts create-admin --email E --name N` creates
an admin and prints a single-use set-password link (`commands.py`); admins
then create staff accounts with `POST /staff`.
"""

from accounts.adapters.tables import delivery, metadata
from accounts.entrypoints.commands import COMMANDS
from accounts.entrypoints.http import accounts as api
from accounts.entrypoints.http import companies as company_api
from accounts.entrypoints.http import email_change as email_api
from accounts.entrypoints.http import passwords as password_api
from accounts.entrypoints.http import staff as staff_api
from accounts.handlers.invitations import invite_on_booking, invite_participant
from accounts.settings import AccountsSettings
from chassis.consumers import Consumer
from chassis.service import ServiceDefinition
from contracts import topology

DEFINITION = ServiceDefinition(
    name="accounts",
    title="Accounts",
    description=(
        "Individual and company accounts, staff, login and sessions, access tokens and roles, "
        "set-password, reset and email-change links."
    ),
    metadata=metadata,
    delivery=delivery,
    migrations="accounts:migrations",
    routers=[
        api.router,
        company_api.router,
        staff_api.router,
        password_api.router,
        email_api.router,
    ],
    consumers=[
        Consumer(topology.ACCOUNTS_INVITE_ON_BOOKING, invite_on_booking),
        Consumer(topology.ACCOUNTS_INVITE_PARTICIPANT, invite_participant),
    ],
    commands=COMMANDS,
    settings_class=AccountsSettings,
)
