"""Catalogue, training plans, requests and planning, attestations, groups, participants,
evaluations, deadlines and project counters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import BigIntId, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _document_columns() -> list[sa.Column]:
    """What a training plan and an attestation both keep of their uploaded document."""
    return [
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("document_name", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("document_size", sa.Integer(), nullable=False),
        sa.Column("document_sha256", sa.String(64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
    )

    op.create_table(
        "courses",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(2000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )

    op.create_table(
        "training_plans",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        *_document_columns(),
        sa.Column("submitted_by_user_id", sa.Uuid(), nullable=False),
        sa.Column("submitted_by_email", sa.String(320), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "company_id", "year", "reference", name="uq_training_plans_company_id_year_reference"
        ),
    )
    op.create_index("ix_training_plans_company_id", "training_plans", ["company_id"])

    op.create_table(
        "training_requests",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("company_name", sa.String(200), nullable=False),
        sa.Column("course_id", sa.Uuid(), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("course_code", sa.String(40), nullable=False),
        sa.Column("course_title", sa.String(300), nullable=False),
        sa.Column(
            "training_plan_id", sa.Uuid(), sa.ForeignKey("training_plans.id"), nullable=False
        ),
        sa.Column("desired_from", sa.Date(), nullable=False),
        sa.Column("desired_until", sa.Date(), nullable=False),
        sa.Column("expected_participants", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(2000), nullable=False),
        sa.Column("hr_email", sa.String(320), nullable=False),
        sa.Column("hr_name", sa.String(200), nullable=False),
        sa.Column("hr_language", sa.String(2), nullable=False),
        sa.Column("requested_by_user_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by_email", sa.String(320), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("project_number", sa.String(30), nullable=True, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_training_requests_company_id", "training_requests", ["company_id"])

    op.create_table(
        "availability_slots",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("request_id", sa.Uuid(), sa.ForeignKey("training_requests.id"), nullable=False),
        sa.Column("trainer_name", sa.String(200), nullable=False),
        sa.Column("trainer_user_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by_email", sa.String(320), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_availability_slots_request_id", "availability_slots", ["request_id"])

    op.create_table(
        "proposals",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("request_id", sa.Uuid(), sa.ForeignKey("training_requests.id"), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("proposed_by_email", sa.String(320), nullable=False),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_proposals_request_id", "proposals", ["request_id"])

    op.create_table(
        "proposal_sessions",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("proposal_id", sa.Uuid(), sa.ForeignKey("proposals.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("trainer_name", sa.String(200), nullable=False),
        sa.Column("trainer_user_id", sa.Uuid(), nullable=True),
        sa.UniqueConstraint(
            "proposal_id", "position", name="uq_proposal_sessions_proposal_position"
        ),
    )

    op.create_table(
        "attestations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("position_title", sa.String(200), nullable=False),
        *_document_columns(),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("reviewed_by_email", sa.String(320), nullable=True),
        sa.Column("rejection_reason", sa.String(1000), nullable=True),
    )
    op.create_index("ix_attestations_company_id", "attestations", ["company_id"])
    op.create_index("ix_attestations_user_id", "attestations", ["user_id"])

    op.create_table(
        "groups",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("request_id", sa.Uuid(), sa.ForeignKey("training_requests.id"), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("company_name", sa.String(200), nullable=False),
        sa.Column("course_code", sa.String(40), nullable=False),
        sa.Column("course_title", sa.String(300), nullable=False),
        sa.Column("project_number", sa.String(30), nullable=False),
        sa.Column("group_number", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("class_link", sa.String(500), nullable=True),
        sa.Column("trainer_name", sa.String(200), nullable=False),
        sa.Column("trainer_user_id", sa.Uuid(), nullable=True),
        sa.Column("hr_email", sa.String(320), nullable=False),
        sa.Column("hr_name", sa.String(200), nullable=False),
        sa.Column("hr_language", sa.String(2), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("definitively_confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("list_missing_reported_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_by_email", sa.String(320), nullable=True),
        sa.Column("cancellation_reason", sa.String(1000), nullable=True),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("attended_count", sa.Integer(), nullable=True),
        sa.UniqueConstraint(
            "project_number", "group_number", name="uq_groups_project_number_group_number"
        ),
    )
    op.create_index("ix_groups_request_id", "groups", ["request_id"])
    op.create_index("ix_groups_company_id", "groups", ["company_id"])
    op.create_index("ix_groups_starts_at", "groups", ["starts_at"])

    op.create_table(
        "participants",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("group_id", sa.Uuid(), sa.ForeignKey("groups.id"), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("nrn_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("nrn_index", sa.String(64), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by_email", sa.String(320), nullable=False),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("platform_url", sa.String(2000), nullable=True),
        sa.Column("platform_link_expires_at", UTCDateTime(), nullable=True),
        sa.Column("platform_link_issued_at", UTCDateTime(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.UniqueConstraint("group_id", "nrn_index", name="uq_participants_group_id_nrn_index"),
    )
    op.create_index("ix_participants_group_id", "participants", ["group_id"])
    op.create_index("ix_participants_email", "participants", ["email"])
    op.create_index("ix_participants_nrn_index", "participants", ["nrn_index"])

    op.create_table(
        "evaluations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Uuid(),
            sa.ForeignKey("participants.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("group_id", sa.Uuid(), sa.ForeignKey("groups.id"), nullable=False),
        sa.Column("content_rating", sa.Integer(), nullable=False),
        sa.Column("trainer_rating", sa.Integer(), nullable=False),
        sa.Column("organisation_rating", sa.Integer(), nullable=False),
        sa.Column("platform_rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(2000), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_evaluations_group_id", "evaluations", ["group_id"])

    op.create_table(
        "deadlines",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("group_id", sa.Uuid(), sa.ForeignKey("groups.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(36), nullable=False),
        sa.Column("participant_id", sa.Uuid(), sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("fired_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("retry_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("group_id", "kind", "subject", name="uq_deadlines_group_kind_subject"),
    )
    op.create_index("ix_deadlines_group_id", "deadlines", ["group_id"])
    op.create_index("ix_deadlines_state_due_at", "deadlines", ["state", "due_at"])

    op.create_table(
        "project_counters",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "project_counters",
        "deadlines",
        "evaluations",
        "participants",
        "groups",
        "attestations",
        "proposal_sessions",
        "proposals",
        "availability_slots",
        "training_requests",
        "training_plans",
        "courses",
        "companies",
    ):
        op.drop_table(table)
