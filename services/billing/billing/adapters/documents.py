"""Queries on issued documents (invoices and credit notes): what a caller may see, and
the invoices of a billable that are not credited yet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.adapters.tables import CreditNote, Invoice
from billing.domain.access import by_email, sees_everything, sees_own
from billing.domain.queries import ListDocuments
from chassis.pages import PageRequest, cut, keyset

Document = TypeVar("Document", Invoice, CreditNote)


async def visible_documents(
    session: AsyncSession, model: type[Document], query: ListDocuments, page: PageRequest
) -> tuple[list[Document], str | None]:
    """A page of invoices or credit notes, in issue order: all of them for staff, a
    customer's own (billed to their verified email or their company) otherwise, none for
    anyone else; of one reference and in one period if they are given."""
    who = query.principal
    statement = select(model)
    if query.reference_id is not None:
        statement = statement.where(model.reference_id == query.reference_id)
    if query.issued_from is not None:
        statement = statement.where(model.issued_at >= query.issued_from)
    if query.issued_until is not None:
        statement = statement.where(model.issued_at < query.issued_until)
    if not sees_everything(who):
        if not sees_own(who):
            return [], None
        mine: list[ColumnElement[bool]] = []
        email = by_email(who)
        if email is not None:
            mine.append(model.payer_email == email)
        if who.company_id is not None:
            mine.append(model.payer_company_id == who.company_id)
        if not mine:
            return [], None
        statement = statement.where(or_(*mine))
    order = [model.issued_at, model.number]
    rows = list(await session.scalars(keyset(statement, order, page)))
    return cut(rows, page, lambda d: (d.issued_at, d.number))


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
