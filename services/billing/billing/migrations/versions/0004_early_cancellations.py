"""A cancellation that arrives before its billable is kept, and applied when it comes.

`enrollment.booking.validated.v1` and `enrollment.booking.cancelled.v1` reach
billing through two queues, so a booking validated then cancelled in quick
succession may be cancelled in billing first (the fault suite saw it after a
broker restart). The cancellation is recorded under the billable's key, and
the billable, when its validation arrives, is created cancelled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "early_cancellations",
        sa.Column("billable_key", sa.String(100), primary_key=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("early_cancellations")
