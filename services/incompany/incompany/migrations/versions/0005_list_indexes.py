"""Indexes for the paged lists (issue 13): each list's keyset order, and its filters.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_training_plans_submitted_at_id", "training_plans", ["submitted_at", "id"]),
    ("ix_training_requests_created_at_id", "training_requests", ["created_at", "id"]),
    (
        "ix_training_requests_state_created_at_id",
        "training_requests",
        ["state", "created_at", "id"],
    ),
    ("ix_attestations_submitted_at_id", "attestations", ["submitted_at", "id"]),
    ("ix_attestations_state_submitted_at_id", "attestations", ["state", "submitted_at", "id"]),
    ("ix_groups_state_starts_at_id", "groups", ["state", "starts_at", "id"]),
    ("ix_groups_course_code_starts_at_id", "groups", ["course_code", "starts_at", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
