"""Companies, single-use link tokens, password-reset log, login failures.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import BigIntId, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("registration_number", sa.String(40), nullable=False),
        sa.Column("vat_number", sa.String(20), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "country", "registration_number", name="uq_companies_country_registration_number"
        ),
    )
    op.create_table(
        "single_use_tokens",
        sa.Column("token_digest", sa.String(64), primary_key=True),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("new_email", sa.String(320), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_single_use_tokens_user_id", "single_use_tokens", ["user_id"])
    op.create_table(
        "password_reset_requests",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("email_digest", sa.String(64), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "ix_password_reset_requests_email_digest",
        "password_reset_requests",
        ["email_digest", "requested_at"],
    )
    op.create_table(
        "login_failures",
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("consecutive", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("password_reset_requests")
    op.drop_table("single_use_tokens")
    op.drop_table("companies")
