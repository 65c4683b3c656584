"""What invoices say (issue 15): what is billed, the buyer's identity, the due date.

Billables keep the course, dates and participant or group of their event;
invoices freeze the company's legal identity and their due date at issue;
`companies` is billing's copy of each company accounts registered. All new
columns are nullable: rows from before print without them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from chassis.db import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BILLABLE_COLUMNS = (
    ("course_code", sa.String(40)),
    ("course_title", sa.String(300)),
    ("starts_at", UTCDateTime()),
    ("ends_at", UTCDateTime()),
    ("time_zone", sa.String(40)),
    ("participant_name", sa.String(200)),
    ("group_reference", sa.String(40)),
)
INVOICE_COLUMNS = (
    ("due_on", sa.Date()),
    ("buyer_company_name", sa.String(200)),
    ("buyer_vat_number", sa.String(20)),
    ("buyer_registration_number", sa.String(40)),
    ("buyer_country", sa.String(2)),
)


def upgrade() -> None:
    for name, type_ in BILLABLE_COLUMNS:
        op.add_column("billables", sa.Column(name, type_, nullable=True))
    for name, type_ in INVOICE_COLUMNS:
        op.add_column("invoices", sa.Column(name, type_, nullable=True))
    op.create_table(
        "companies",
        sa.Column("company_id", sa.Uuid(), primary_key=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("registration_number", sa.String(40), nullable=False),
        sa.Column("vat_number", sa.String(20), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("companies")
    with op.batch_alter_table("invoices") as batch:
        for name, _ in reversed(INVOICE_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("billables") as batch:
        for name, _ in reversed(BILLABLE_COLUMNS):
            batch.drop_column(name)
