"""The inbox's retention horizon (chassis.retention, issue 18).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

from chassis.migrations import create_inbox_horizon_table_v1

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_inbox_horizon_table_v1()


def downgrade() -> None:
    op.drop_table("inbox_horizon")
