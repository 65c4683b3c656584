"""The inbox's retention horizon (chassis.retention, issue 18).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

from chassis.migrations import create_inbox_horizon_table_v1

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_inbox_horizon_table_v1()


def downgrade() -> None:
    op.drop_table("inbox_horizon")
