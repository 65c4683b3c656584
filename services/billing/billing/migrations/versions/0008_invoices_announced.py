"""Invoices announced after their number is committed: `invoices.announced_at`.

An invoice is numbered and stored in one transaction (the counter row locked
until it commits); its PDF is rendered and `InvoiceIssuedV2` staged in the
next one, which sets `announced_at`. Invoices issued before were announced in
their own transaction: they count as announced at their issue.

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
    op.add_column("invoices", sa.Column("announced_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE invoices SET announced_at = issued_at")
    # what the announcer looks for: the few invoices not announced yet
    op.create_index(
        "ix_invoices_unannounced",
        "invoices",
        ["issued_at"],
        postgresql_where=sa.text("announced_at IS NULL"),
        sqlite_where=sa.text("announced_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_invoices_unannounced", table_name="invoices")
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("announced_at")
