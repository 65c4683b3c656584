"""The sessions accounts ended, refused until their tokens expire (chassis.ended_sessions).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

from chassis.migrations import create_ended_sessions_table_v1

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_ended_sessions_table_v1()


def downgrade() -> None:
    op.drop_table("ended_sessions")
