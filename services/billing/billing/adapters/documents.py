"""Queries on issued documents (invoices and credit notes): what a caller may see, and
the invoices of a billable that are not credited yet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.adapters.tables import CreditNote, Invoice
from billing.domain.access import sees_everything
from chassis.tokens import Principal
from contracts.identity import normalise_email

Document = TypeVar("Document", Invoice, CreditNote)


async def visible_documents(
    session: AsyncSession, model: type[Document], who: Principal, reference_id: UUID | None
) -> Sequence[Document]:
    """Invoices or credit notes, in issue order: all of them for staff, a customer's own
    (billed to their email or company) otherwise; of one reference if it is given."""
    query = select(model).order_by(model.issued_at, model.number)
    if reference_id is not None:
        query = query.where(model.reference_id == reference_id)
    if not sees_everything(who):
        mine = [model.payer_email == normalise_email(who.email)]
        if who.company_id is not None:
            mine.append(model.payer_company_id == who.company_id)
        query = query.where(or_(*mine))
    return (await session.scalars(query)).all()


async def uncredited_invoices(session: AsyncSession, billable_id: UUID) -> Sequence[Invoice]:
    """The billable's invoices that no credit note cancels yet, oldest first."""
    credited = select(CreditNote.invoice_id)
    return (
        await session.scalars(
            select(Invoice)
            .where(Invoice.billable_id == billable_id, Invoice.id.not_in(credited))
            .order_by(Invoice.issued_at, Invoice.number)
        )
    ).all()
