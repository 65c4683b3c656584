"""Addresses of people erased on request, as digests (issue 18).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erased_recipients",
        sa.Column("email_digest", sa.String(64), primary_key=True),
        sa.Column("erased_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("erased_recipients")
