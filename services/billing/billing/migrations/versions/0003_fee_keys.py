"""Billables are unique by a key per fact, so a group may owe two in-company fees.

Until now a billable was unique by (kind, reference_id): one per booking. An
in-company group may owe the flat fee (late cancellation or missing list,
R-I14, R-I15) and a shortfall fee (R-I16), both with the group as reference,
so each billable gets a `billable_key` ("booking:<id>", "group:<id>:flat-fee",
"group:<id>:shortfall") and that key is what is unique. Existing rows (public
bookings) are given "booking:<reference_id>", written by Python so the UUID
reads the same on every database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BILLABLES = sa.table(
    "billables",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String(30)),
    sa.column("reference_id", sa.Uuid()),
    sa.column("billable_key", sa.String(100)),
)


def upgrade() -> None:
    op.add_column("billables", sa.Column("billable_key", sa.String(100), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(BILLABLES.c.id, BILLABLES.c.kind, BILLABLES.c.reference_id)
    ).all()
    for billable_id, kind, reference_id in rows:
        key = f"booking:{reference_id}" if kind == "public_booking" else f"{kind}:{reference_id}"
        connection.execute(
            sa.update(BILLABLES).where(BILLABLES.c.id == billable_id).values(billable_key=key)
        )
    with op.batch_alter_table("billables") as batch:
        batch.alter_column("billable_key", existing_type=sa.String(100), nullable=False)
        batch.drop_constraint("uq_billables_kind_reference_id", type_="unique")
        batch.create_unique_constraint("uq_billables_billable_key", ["billable_key"])


def downgrade() -> None:
    """Refused by the database while a group owes two fees: they cannot share a key."""
    with op.batch_alter_table("billables") as batch:
        batch.drop_constraint("uq_billables_billable_key", type_="unique")
        batch.create_unique_constraint("uq_billables_kind_reference_id", ["kind", "reference_id"])
        batch.drop_column("billable_key")
