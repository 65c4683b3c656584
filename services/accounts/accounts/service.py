"""The accounts service: who people are, how they log in, what they may do."""

from accounts.api import router
from accounts.models import delivery, metadata
from accounts.settings import AccountsSettings
from chassis.service import ServiceDefinition

DEFINITION = ServiceDefinition(
    name="accounts",
    title="Accounts",
    description="Individual and company accounts, login, access tokens and roles.",
    metadata=metadata,
    delivery=delivery,
    migrations="accounts:migrations",
    routers=[router],
    settings_class=AccountsSettings,
)
