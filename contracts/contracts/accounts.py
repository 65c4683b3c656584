"""Events published by the accounts service."""

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, EmailStr, Field

from contracts.envelope import Event

Language = Literal["fr", "nl", "en"]
AccountKind = Literal["individual", "company"]


class UserRegisteredV1(Event):
    """A person created an account (R-A1), or staff created one for them (R-A2)."""

    name = "accounts.user.registered.v1"

    user_id: UUID
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    account_kind: AccountKind


class CompanyRegisteredV1(Event):
    """A company account was created (R-A1): its first user is an enrollment manager."""

    name = "accounts.company.registered.v1"

    company_id: UUID
    legal_name: str = Field(min_length=1, max_length=200)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    registration_number: str = Field(max_length=40)
    """SIREN/SIRET (FR) or enterprise number (BE), compact form."""
    vat_number: str | None = Field(default=None, max_length=20)
    registered_by_user_id: UUID


class UserInvitedV1(Event):
    """An account was created for a person who did not make it themselves (R-A2, R-A7).

    The person gets a single-use link to set their password; a password is never sent.
    """

    name = "accounts.user.invited.v1"

    user_id: UUID
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    set_password_url: str
    expires_at: AwareDatetime
    reason: Literal["enrollment_by_staff", "incompany_participant", "staff_account"]


class PasswordResetRequestedV1(Event):
    """A known address asked for a password reset (R-A3); the link goes to that address only."""

    name = "accounts.password-reset.requested.v1"

    user_id: UUID
    email: EmailStr
    language: Language = "fr"
    reset_url: str
    expires_at: AwareDatetime


class EmailChangeRequestedV1(Event):
    """A user asked to change their login email (R-A5): confirm at the new address."""

    name = "accounts.email-change.requested.v1"

    user_id: UUID
    current_email: EmailStr
    new_email: EmailStr
    language: Language = "fr"
    confirm_url: str
    expires_at: AwareDatetime


class UserEmailChangedV1(Event):
    """The login email changed (R-A5): history now follows the new address."""

    name = "accounts.user.email-changed.v1"

    user_id: UUID
    old_email: EmailStr
    new_email: EmailStr
    language: Language = "fr"
