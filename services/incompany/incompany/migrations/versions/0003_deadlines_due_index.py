"""The scan's partial index: scheduled deadlines by due instant, replacing (state, due_at).

The scan claims `state = 'scheduled' AND due_at <= now ORDER BY due_at, id`; a
partial index holds only the scheduled rows, so it stays small however many
deadlines have settled, and settling a row removes it from the index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEDULED = sa.text("state = 'scheduled'")


def upgrade() -> None:
    op.create_index(
        "ix_deadlines_due",
        "deadlines",
        ["due_at", "id"],
        postgresql_where=SCHEDULED,
        sqlite_where=SCHEDULED,
    )
    op.drop_index("ix_deadlines_state_due_at", table_name="deadlines")


def downgrade() -> None:
    op.create_index("ix_deadlines_state_due_at", "deadlines", ["state", "due_at"])
    op.drop_index("ix_deadlines_due", table_name="deadlines")
