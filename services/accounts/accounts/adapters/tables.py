"""The accounts database: users, companies, sessions and their refresh tokens, single-use
links, throttles.

And the outbox and inbox every service has (`delivery`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import BigIntId, UTCDateTime
from chassis.tables import delivery_tables

metadata = MetaData()
delivery = delivery_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata


class User(Base):
    __tablename__ = "users"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    """The login email, normalised to lower case: enrollment history is linked by it (R-A4)."""
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    """None until the person sets a password (accounts created by staff, R-A2)."""
    language: Mapped[str] = mapped_column(String(2))
    account_kind: Mapped[str] = mapped_column(String(20))
    """individual, company or staff."""
    roles: Mapped[list[str]] = mapped_column(JSON)
    company_id: Mapped[UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the person proved they receive mail at `email` (a single-use link); None
    until then. Tokens say so (`email_verified`), and what other services match on the
    email is shown only then (issue 13)."""
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the person's data was erased on request (handlers/erasure.py): the row stays,
    without name, address or password, so nothing can sign in as it."""


class Company(Base):
    """A company account (R-A1); its users carry its id and a company role."""

    __tablename__ = "companies"
    __table_args__ = (
        UniqueConstraint(
            "country", "registration_number", name="uq_companies_country_registration_number"
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    registration_number: Mapped[str] = mapped_column(String(40))
    """SIREN/SIRET (FR) or enterprise number (BE), compact."""
    vat_number: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Session(Base):
    """A login; its id is the token's `sid`, so a session can be ended before expiry.

    It is also the family of its refresh tokens: a reused one ends it (`RefreshToken`).
    """

    __tablename__ = "sessions"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """The end of the session whatever its refreshes (`session_days`); None for sessions
    opened before refresh tokens, which have none."""
    access_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the last access token issued for it expires: until then other services must
    be told that it ended (`SessionsEndedV1`)."""
    end_reason: Mapped[str | None] = mapped_column(String(30))
    """Why it ended: logout, logout_everywhere, refresh_token_reused, password_reset, ..."""


class RefreshToken(Base):
    """A refresh token, kept only as its SHA-256 digest (like a link's, `domain/links.py`).

    Each use marks it used and issues the next one of its session (rotation). A used
    one presented again means it was copied: the whole session ends (OAuth 2.0
    Security BCP, refresh token reuse detection).
    """

    __tablename__ = "refresh_tokens"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[UUID] = mapped_column(ForeignKey("sessions.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SingleUseToken(Base):
    """A link's token (R-A2, R-A3, R-A5), kept only as its SHA-256 digest (`domain/links.py`)."""

    __tablename__ = "single_use_tokens"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    """verify_email, set_password, reset_password or confirm_email (`domain.links.Purpose`)."""
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"), index=True)
    new_email: Mapped[str | None] = mapped_column(String(320))
    """The address being confirmed, for confirm_email only (R-A5)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PasswordResetRequest(Base):
    """Every reset request, known address or not (R-A3): the same work on both paths,
    and the count that throttles reset emails per address. The address is kept only
    as a digest, so the log does not collect the addresses of strangers."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (
        Index("ix_password_reset_requests_email_digest", "email_digest", "requested_at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    email_digest: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginFailures(Base):
    """Consecutive failed logins per address (`domain.throttling.login_wait`); gone on success."""

    __tablename__ = "login_failures"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    consecutive: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClientAttempts(Base):
    """Attempts per client address and action in a fixed window (`domain/throttling.py`):
    logins, registrations, password resets. Counted before any costly work."""

    __tablename__ = "client_attempts"

    action: Mapped[str] = mapped_column(String(20), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    """`chassis.client_address`: an IPv4 address, or an IPv6 /64."""
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
