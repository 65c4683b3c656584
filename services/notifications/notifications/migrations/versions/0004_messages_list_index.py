"""The list of messages pages newest first on (created_at, id) (issue 13).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_messages_created_at_id", "messages", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_messages_created_at_id", table_name="messages")
