"""Accounts' own settings, beyond the chassis's.

Links sent by email (R-A2 set-password, R-A3 reset, R-A5 email confirmation)
are built from `public_base_url`, a setting, never from the request's Host
header: a forged Host must not turn a reset email into a link to an attacker.
"""

from pydantic import Field, SecretStr, field_validator

from chassis.settings import ServiceSettings


class AccountsSettings(ServiceSettings):
    jwt_private_key: SecretStr | None = None
    """Ed25519 private key (PEM) that signs access tokens; only accounts holds it."""
    access_token_minutes: int = Field(default=15, ge=1, le=60)

    public_base_url: str = "http://127.0.0.1:8000"
    """Address of the customer space; emailed links point at its pages."""
    invitation_hours: int = Field(default=72, ge=1, le=24 * 30)
    """How long a set-password link of an account made for someone stays valid (R-A2)."""
    password_reset_minutes: int = Field(default=30, ge=5, le=24 * 60)
    """How long a password-reset link stays valid (R-A3)."""
    email_change_hours: int = Field(default=24, ge=1, le=24 * 7)
    """How long the link confirming a new login email stays valid (R-A5)."""
    password_resets_per_hour: int = Field(default=3, ge=1, le=100)
    """Reset emails sent per address and hour; beyond, the answer is the same, nothing is sent."""
    login_free_attempts: int = Field(default=5, ge=1, le=100)
    """Consecutive failed logins for an address before each attempt must wait."""
    login_max_wait_seconds: int = Field(default=15 * 60, ge=1, le=24 * 3600)
    """The longest wait a run of failed logins can impose on an address."""

    @field_validator("public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("public_base_url must be an absolute http(s) URL")
        return value.rstrip("/")
