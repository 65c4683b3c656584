"""Accounts' own settings, beyond the chassis's."""

from pydantic import Field, SecretStr

from chassis.settings import ServiceSettings


class AccountsSettings(ServiceSettings):
    jwt_private_key: SecretStr | None = None
    """Ed25519 private key (PEM) that signs access tokens; only accounts holds it."""
    access_token_minutes: int = Field(default=15, ge=1, le=60)
