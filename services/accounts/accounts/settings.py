"""Accounts' own settings, beyond the chassis's.

Links sent by email (R-A2 set-password, R-A3 reset, R-A5 email confirmation,
address verification) are built from a base address that is a setting, never
from the request's Host header: a forged Host must not turn a reset email into
a link to an attacker. Notifications builds them now, from its own
`PUBLIC_BASE_URL`; accounts' is for the link the operator's `create-admin`
prints. Their tokens travel sealed with `link_sealing_keys`, which only
accounts and notifications hold (`chassis.sealing`).
"""

from pydantic import Field, SecretStr, field_validator

from chassis.sealing import parse_keys
from chassis.settings import ServiceSettings


class AccountsSettings(ServiceSettings):
    jwt_private_key: SecretStr | None = None
    """Ed25519 private key (PEM) that signs access tokens; only accounts holds it."""
    access_token_minutes: int = Field(default=15, ge=1, le=60)
    """How long an access token is valid; a front end renews it with its refresh token."""
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    """How long a refresh token stays usable unused; each use gives a new one (rotation)."""
    session_days: int = Field(default=30, ge=1, le=365)
    """How long a session lasts at most from its login, however often it is refreshed."""
    link_sealing_keys: SecretStr | None = None
    """Keys that seal links' tokens for notifications (AES-256-GCM, base64url, comma-
    separated, newest first: `chassis.sealing`); the same list as notifications'.
    Without them no link can be sent: registration and resets answer 503."""

    public_base_url: str = "http://127.0.0.1:8000"
    """Address of the customer space; emailed links point at its pages."""
    invitation_hours: int = Field(default=72, ge=1, le=24 * 30)
    """How long a set-password link of an account made for someone stays valid (R-A2)."""
    password_reset_minutes: int = Field(default=30, ge=5, le=24 * 60)
    """How long a password-reset link stays valid (R-A3)."""
    email_change_hours: int = Field(default=24, ge=1, le=24 * 7)
    """How long the link confirming a new login email stays valid (R-A5)."""
    email_verification_hours: int = Field(default=72, ge=1, le=24 * 30)
    """How long the link confirming a new account's address stays valid."""
    verification_emails_per_hour: int = Field(default=3, ge=1, le=100)
    """Verification links a signed-in person may ask for in an hour (beyond: 429)."""
    password_resets_per_hour: int = Field(default=3, ge=1, le=100)
    """Reset emails sent per address and hour; beyond, the answer is the same, nothing is sent."""
    login_free_attempts: int = Field(default=5, ge=1, le=100)
    """Consecutive failed logins for an address before each attempt must wait."""
    login_max_wait_seconds: int = Field(default=15 * 60, ge=1, le=24 * 3600)
    """The longest wait a run of failed logins can impose on an address."""

    # Per client address (`chassis.client_address`), beyond the per-address limits above:
    # one client trying many addresses, or flooding /token, is stopped before the hash.
    client_window_seconds: int = Field(default=600, ge=1, le=24 * 3600)
    """The window the per-client counts below are counted in."""
    logins_per_client: int = Field(default=100, ge=1, le=100_000)
    """Login attempts (right or wrong) one client address may make in a window."""
    registrations_per_client: int = Field(default=20, ge=1, le=100_000)
    """Accounts (individual or company) one client address may register in a window."""
    password_resets_per_client: int = Field(default=20, ge=1, le=100_000)
    """Password-reset requests one client address may make in a window."""

    @field_validator("link_sealing_keys")
    @classmethod
    def _sealing_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        parse_keys(value.get_secret_value())  # ValueError says what is wrong
        return value

    @field_validator("public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("public_base_url must be an absolute http(s) URL")
        return value.rstrip("/")
