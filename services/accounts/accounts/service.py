"""The accounts service: who people are, how they log in, what they may do.

The one place that wires it: tables (`adapters/tables.py`), routers
(`entrypoints/http/`), consumers (`entrypoints/consumers.py`) and the
operator command `python -m accounts create-admin --email E --name N`, which
creates an admin and prints a single-use set-password link
(`entrypoints/commands.py`); admins then create staff accounts with `POST /staff`.
"""

from accounts.adapters.tables import delivery, metadata
from accounts.entrypoints.commands import COMMANDS
from accounts.entrypoints.consumers import CONSUMERS
from accounts.entrypoints.http import ROUTERS
from accounts.settings import AccountsSettings
from chassis.service import ServiceDefinition

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
    routers=ROUTERS,
    consumers=CONSUMERS,
    commands=COMMANDS,
    settings_class=AccountsSettings,
)
