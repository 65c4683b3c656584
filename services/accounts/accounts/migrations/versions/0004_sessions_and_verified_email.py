"""Verified addresses, refresh tokens, ended sessions' reasons, per-client attempts (issue 13).

Accounts made for someone (R-A2, R-A7, staff) whose owner has chosen a password
did so with the set-password link sent to the address: they count as verified
from the migration on. Accounts registered online before it have no proof and
start unverified; their owner confirms with a link asked for at
`POST /verify-email/resend`, or by a password reset.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_at", UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE users SET email_verified_at = CURRENT_TIMESTAMP "
        "WHERE password_hash IS NOT NULL AND id IN "
        "(SELECT user_id FROM single_use_tokens WHERE purpose = 'set_password')"
    )
    op.add_column("sessions", sa.Column("expires_at", UTCDateTime(), nullable=True))
    op.add_column("sessions", sa.Column("access_until", UTCDateTime(), nullable=True))
    op.add_column("sessions", sa.Column("end_reason", sa.String(30), nullable=True))
    op.create_table(
        "refresh_tokens",
        sa.Column("token_digest", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.Uuid(), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_refresh_tokens_session_id", "refresh_tokens", ["session_id"])
    op.create_table(
        "client_attempts",
        sa.Column("action", sa.String(20), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("window_start", UTCDateTime(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("client_attempts")
    op.drop_table("refresh_tokens")
    op.drop_column("sessions", "end_reason")
    op.drop_column("sessions", "access_until")
    op.drop_column("sessions", "expires_at")
    op.drop_column("users", "email_verified_at")
