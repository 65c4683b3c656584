"""Outbox and inbox: the first revision of every service's database.

Shared by the five services (chassis.migrations puts this folder beside each
service's own versions); each service's next revision names "0001" as its parent.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

from chassis.migrations import create_delivery_tables_v1

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_delivery_tables_v1()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
