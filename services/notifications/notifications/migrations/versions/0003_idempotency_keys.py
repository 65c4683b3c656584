"""Idempotency keys: safe retries of POST requests (chassis.idempotency).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

from chassis.migrations import create_idempotency_table_v1

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_idempotency_table_v1()


def downgrade() -> None:
    op.drop_table("idempotency_keys")
