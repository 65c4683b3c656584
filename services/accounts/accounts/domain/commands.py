"""What callers ask of accounts: one frozen dataclass per command a handler takes.

`client` is the caller's address (`chassis.client_address`), for the commands
throttled per client (login, registration, reset requests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from accounts.domain.registration_numbers import Country
from chassis.tokens import Principal
from contracts.accounts import Language
from contracts.identity import Role


@dataclass(frozen=True)
class RegisterIndividual:
    """R-A1: a person creates an individual account."""

    email: str
    password: str
    full_name: str
    language: Language = "fr"
    client: str = "unknown"


@dataclass(frozen=True)
class RegisterCompany:
    """R-A1: a company account and its first enrollment manager."""

    legal_name: str
    country: Country
    registration_number: str
    vat_number: str | None
    email: str
    password: str
    full_name: str
    language: Language = "fr"
    client: str = "unknown"


@dataclass(frozen=True)
class AddColleague:
    """R-A6: an enrollment manager adds a user to their company."""

    company_id: UUID
    email: str
    full_name: str
    role: Role
    language: Language
    added_by: Principal


@dataclass(frozen=True)
class CreateStaffMember:
    """An admin creates a staff account."""

    email: str
    full_name: str
    role: Role
    language: Language


@dataclass(frozen=True)
class LogIn:
    email: str
    password: str
    client: str = "unknown"


@dataclass(frozen=True)
class Refresh:
    """Trade a refresh token for a new access token and the next refresh token."""

    refresh_token: str


@dataclass(frozen=True)
class LogOut:
    """End one session: the access token's (`session_id`) or a refresh token's."""

    session_id: UUID | None = None
    refresh_token: str | None = None


@dataclass(frozen=True)
class LogOutEverywhere:
    user_id: UUID


@dataclass(frozen=True)
class VerifyEmail:
    """Confirm the account's address with the link sent to it."""

    token: str


@dataclass(frozen=True)
class ResendVerification:
    """The signed-in person asks for the confirmation link again."""

    user_id: UUID


@dataclass(frozen=True)
class SetPassword:
    """R-A2: choose a password with a set-password link."""

    token: str
    password: str


@dataclass(frozen=True)
class RequestPasswordReset:
    """R-A3: a forgotten password."""

    email: str
    client: str = "unknown"


@dataclass(frozen=True)
class ResetPassword:
    """R-A3: a new password with a reset link."""

    token: str
    new_password: str


@dataclass(frozen=True)
class RequestEmailChange:
    """R-A5: warn, and send a confirmation link to the new address."""

    user_id: UUID
    new_email: str
    password: str


@dataclass(frozen=True)
class ConfirmEmailChange:
    """R-A5: the new address becomes the login email; `session_id` is the caller's."""

    user_id: UUID
    session_id: UUID
    token: str


@dataclass(frozen=True)
class MoveTestClock:
    """Issue 14: an admin sets the platform's test clock to `to`, or advances it `by`."""

    moved_by: UUID
    to: datetime | None = None
    by: timedelta | None = None


@dataclass(frozen=True)
class EraseUser:
    """A person's account erased on their request (GDPR art. 17), by staff or an operator
    (`by` None)."""

    user_id: UUID
    by: UUID | None = None
