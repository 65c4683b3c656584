"""Catalogue, companies, agreements, bookings with their history, change requests.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import BigIntId, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(12, 2)
RATE = sa.Numeric(5, 4)


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("list_price", MONEY, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("course_id", sa.Uuid(), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("location", sa.String(300), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= seats", name="seats_within_capacity"
        ),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )
    op.create_index("ix_sessions_course_id", "sessions", ["course_id"])
    op.create_index("ix_sessions_starts_at", "sessions", ["starts_at"])

    op.create_table(
        "companies",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("first_validated_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "agreement_terms",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("company_id", sa.Uuid(), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("effective_from", UTCDateTime(), nullable=False),
        sa.Column("discount_rate", RATE, nullable=True),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
    )
    op.create_index("ix_agreement_terms_company_id", "agreement_terms", ["company_id"])
    op.create_table(
        "agreement_prices",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("terms_id", sa.Uuid(), sa.ForeignKey("agreement_terms.id"), nullable=False),
        sa.Column("course_id", sa.Uuid(), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("price", MONEY, nullable=False),
        sa.UniqueConstraint("terms_id", "course_id", name="uq_agreement_prices"),
    )
    op.create_index("ix_agreement_prices_terms_id", "agreement_prices", ["terms_id"])

    op.create_table(
        "bookings",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("trainee_name", sa.String(200), nullable=False),
        sa.Column("trainee_email", sa.String(320), nullable=False),
        sa.Column("placed_by_email", sa.String(320), nullable=False),
        sa.Column("placed_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("placed_by_name", sa.String(200), nullable=False),
        sa.Column("placed_by_staff", sa.Boolean(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("validation_due_at", UTCDateTime(), nullable=False),
        sa.Column("overdue_at", UTCDateTime(), nullable=True),
        sa.Column("invoiced_total", MONEY, nullable=False),
    )
    for column in (
        "request_id",
        "session_id",
        "placed_by_email",
        "company_id",
        "status",
        "validation_due_at",
    ):
        op.create_index(f"ix_bookings_{column}", "bookings", [column])

    op.create_table(
        "booking_history",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("booking_id", sa.Uuid(), sa.ForeignKey("bookings.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("note", sa.String(1000), nullable=False),
    )
    op.create_index("ix_booking_history_booking_id", "booking_history", ["booking_id"])

    op.create_table(
        "change_requests",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("booking_id", sa.Uuid(), sa.ForeignKey("bookings.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("target_session_id", sa.Uuid(), sa.ForeignKey("sessions.id"), nullable=True),
        sa.Column("message", sa.String(2000), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_by_email", sa.String(320), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=True),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
    )
    op.create_index("ix_change_requests_booking_id", "change_requests", ["booking_id"])
    op.create_index("ix_change_requests_state", "change_requests", ["state"])


def downgrade() -> None:
    for table in (
        "change_requests",
        "booking_history",
        "bookings",
        "agreement_prices",
        "agreement_terms",
        "companies",
        "sessions",
        "courses",
    ):
        op.drop_table(table)
