"""Delivery of messages: retry schedule, sending claim, last error, lookup by email.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("next_attempt_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("sending_since", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
    # Messages recorded before delivery existed are due at once, under a lower-case address.
    op.execute(
        "UPDATE messages SET next_attempt_at = created_at, recipient_email = lower(recipient_email)"
    )
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("next_attempt_at", existing_type=UTCDateTime(), nullable=False)
    op.create_index("ix_messages_status_next_attempt_at", "messages", ["status", "next_attempt_at"])
    op.create_index("ix_messages_recipient_email", "messages", ["recipient_email"])


def downgrade() -> None:
    op.drop_index("ix_messages_recipient_email", "messages")
    op.drop_index("ix_messages_status_next_attempt_at", "messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("last_error")
        batch.drop_column("sending_since")
        batch.drop_column("next_attempt_at")
