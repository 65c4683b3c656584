"""Billables, invoices and their lines, credit notes, gapless number counters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import BigIntId, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(12, 2)
RATE = sa.Numeric(5, 4)


def _document_columns() -> list[sa.Column]:
    """What invoices and credit notes both freeze at issue: payer and totals."""
    return [
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("reference_id", sa.Uuid(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("payer_name", sa.String(200), nullable=False),
        sa.Column("payer_email", sa.String(320), nullable=False),
        sa.Column("payer_company_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("vat_rate", RATE, nullable=False),
        sa.Column("net_amount", MONEY, nullable=False),
        sa.Column("vat_amount", MONEY, nullable=False),
        sa.Column("total_amount", MONEY, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "billables",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("reference_id", sa.Uuid(), nullable=False),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("payer_name", sa.String(200), nullable=False),
        sa.Column("payer_email", sa.String(320), nullable=False),
        sa.Column("payer_company_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("kind", "reference_id", name="uq_billables_kind_reference_id"),
    )
    op.create_index("ix_billables_reference_id", "billables", ["reference_id"])

    op.create_table(
        "invoices",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(30), nullable=False, unique=True),
        sa.Column("billable_id", sa.Uuid(), sa.ForeignKey("billables.id"), nullable=False),
        *_document_columns(),
    )
    for column in ("billable_id", "reference_id", "payer_email", "payer_company_id"):
        op.create_index(f"ix_invoices_{column}", "invoices", [column])

    op.create_table(
        "invoice_lines",
        sa.Column("id", BigIntId, primary_key=True, autoincrement=True),
        sa.Column("invoice_id", sa.Uuid(), sa.ForeignKey("invoices.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.UniqueConstraint("invoice_id", "position", name="uq_invoice_lines_invoice_id_position"),
    )

    op.create_table(
        "credit_notes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(30), nullable=False, unique=True),
        sa.Column(
            "invoice_id", sa.Uuid(), sa.ForeignKey("invoices.id"), nullable=False, unique=True
        ),
        sa.Column("billable_id", sa.Uuid(), sa.ForeignKey("billables.id"), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        *_document_columns(),
    )
    for column in ("billable_id", "reference_id", "payer_email", "payer_company_id"):
        op.create_index(f"ix_credit_notes_{column}", "credit_notes", [column])

    op.create_table(
        "number_counters",
        sa.Column("series", sa.String(20), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("number_counters")
    op.drop_table("credit_notes")
    op.drop_table("invoice_lines")
    op.drop_table("invoices")
    op.drop_table("billables")
