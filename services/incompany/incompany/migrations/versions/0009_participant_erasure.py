"""Participants' numbers may be forgotten (cancelled, erased) and erasures are dated (issue 18).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.alter_column("nrn_ciphertext", existing_type=sa.LargeBinary(), nullable=True)
        batch.alter_column("nrn_index", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("erased_at", UTCDateTime(), nullable=True))
    # Cancelled participants no longer keep their number (GDPR minimisation).
    op.execute("UPDATE participants SET nrn_ciphertext = NULL WHERE state = 'cancelled'")


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("erased_at")
