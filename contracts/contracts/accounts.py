"""Events published by the accounts service.

Single-use links (issue 13, "no usable secret at rest"): the v1 events of
invitations, password resets and email changes carried the link, token and
all, in clear; the outbox, the queues, their dead-letter queues and
notifications' messages kept it. Their v2 successors carry the token sealed
for notifications (`SealedLink`, `chassis.sealing`), which alone holds the key
beside accounts. Accounts publishes only the v2 events; the v1 classes and
notifications' v1 queues stay for the messages still in flight when it
changed, and go once those queues are empty (docs/ARCHITECTURE.md, "Links").
"""

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.emails import Email
from contracts.envelope import Event

Language = Literal["fr", "nl", "en"]
AccountKind = Literal["individual", "company"]
LinkPurpose = Literal["verify_email", "set_password", "reset_password", "confirm_email"]
"""What a single-use link does; notifications turns it into the portal page of
docs/LINKS.md (`/verify-email`, `/set-password`, `/reset-password`, `/confirm-email`)."""
InvitationReason = Literal["enrollment_by_staff", "incompany_participant", "staff_account"]


class SealedLink(BaseModel):
    """A single-use link, its token sealed for notifications (`chassis.sealing`).

    The token is AES-256-GCM-sealed with `LINK_SEALING_KEYS`, bound to `purpose`
    and to the event's `user_id`; notifications unseals it only to render the email
    it sends, and builds the link from its `PUBLIC_BASE_URL`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    purpose: LinkPurpose
    sealed_token: str = Field(min_length=1, max_length=500)
    expires_at: AwareDatetime


class UserRegisteredV1(Event):
    """A person created an account (R-A1), or staff created one for them (R-A2)."""

    name = "accounts.user.registered.v1"

    user_id: UUID
    email: Email
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


class UserRegisteredV2(Event):
    """A person created an account (R-A1); the welcome email carries the single-use link
    that confirms their address (`verification`, purpose verify_email). Replaces v1."""

    name = "accounts.user.registered.v2"

    user_id: UUID
    email: Email
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    account_kind: AccountKind
    verification: SealedLink


class EmailVerificationRequestedV1(Event):
    """A signed-in person whose address is not confirmed asked for the link again."""

    name = "accounts.email-verification.requested.v1"

    user_id: UUID
    email: Email
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    link: SealedLink


class UserInvitedV1(Event):
    """An account was created for a person who did not make it themselves (R-A2, R-A7).

    The person gets a single-use link to set their password; a password is never sent.
    Deprecated: the link travels in clear; accounts publishes UserInvitedV2 instead.
    """

    name = "accounts.user.invited.v1"

    user_id: UUID
    email: Email
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    set_password_url: str
    expires_at: AwareDatetime
    reason: Literal["enrollment_by_staff", "incompany_participant", "staff_account"]


class UserInvitedV2(Event):
    """An account was created for a person who did not make it themselves (R-A2, R-A7),
    or a staff account: a set-password link (sealed), which also confirms the address."""

    name = "accounts.user.invited.v2"

    user_id: UUID
    email: Email
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    reason: InvitationReason
    link: SealedLink


class PasswordResetRequestedV1(Event):
    """A known address asked for a password reset (R-A3); the link goes to that address only.

    Deprecated: the link travels in clear; accounts publishes PasswordResetRequestedV2.
    """

    name = "accounts.password-reset.requested.v1"

    user_id: UUID
    email: Email
    language: Language = "fr"
    reset_url: str
    expires_at: AwareDatetime


class PasswordResetRequestedV2(Event):
    """A known address asked for a password reset (R-A3); the link (sealed) goes to that
    address only."""

    name = "accounts.password-reset.requested.v2"

    user_id: UUID
    email: Email
    language: Language = "fr"
    link: SealedLink


class EmailChangeRequestedV1(Event):
    """A user asked to change their login email (R-A5): confirm at the new address.

    Deprecated: the link travels in clear; accounts publishes EmailChangeRequestedV2.
    """

    name = "accounts.email-change.requested.v1"

    user_id: UUID
    current_email: Email
    new_email: Email
    language: Language = "fr"
    confirm_url: str
    expires_at: AwareDatetime


class EmailChangeRequestedV2(Event):
    """A user asked to change their login email (R-A5): the link (sealed) confirms the new
    address; the current one is warned."""

    name = "accounts.email-change.requested.v2"

    user_id: UUID
    current_email: Email
    new_email: Email
    language: Language = "fr"
    link: SealedLink


class UserEmailChangedV1(Event):
    """The login email changed (R-A5): history now follows the new address."""

    name = "accounts.user.email-changed.v1"

    user_id: UUID
    old_email: Email
    new_email: Email
    language: Language = "fr"


class UserErasedV1(Event):
    """A person's account was erased on their request (GDPR art. 17): every service erases
    the copies of their personal data it holds, found by `user_id` or `email`, except what
    the law makes it keep (billing's invoices and credit notes, docs/OPERATIONS.md).

    The event carries the address because that is how most copies are found (bookings,
    participations, messages); it leaves accounts' outbox with the outbox's retention.
    Consumers: enrollment, incompany, notifications.
    """

    name = "accounts.user.erased.v1"

    user_id: UUID
    email: Email
    """The login email the account had when it was erased (lower case)."""


SessionEndReason = Literal[
    "logout", "logout_everywhere", "password_reset", "email_change", "refresh_token_reused"
]


class SessionsEndedV1(Event):
    """Sessions of a user ended (logout, logging out everywhere, a reused refresh token,
    a password reset R-A3, an email change R-A5): every service refuses their access
    tokens from now on, instead of accepting them until they expire.

    Consumers: the chassis of enrollment, incompany, billing and notifications, which
    keep the session ids until `tokens_valid_until`.
    """

    name = "accounts.sessions.ended.v1"

    user_id: UUID
    session_ids: list[UUID] = Field(min_length=1, max_length=10_000)
    """The `sid` claims of the ended sessions' access tokens."""
    tokens_valid_until: AwareDatetime
    """The latest expiry of an access token of these sessions: after it they are
    refused as expired anyway, and a service may forget them."""
    reason: SessionEndReason
