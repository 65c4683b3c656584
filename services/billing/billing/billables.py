"""Billables: what may be invoiced, recorded once per (kind, reference).

A validated booking becomes billable (R-C4); issue 4's in-company fees will be
recorded the same way with kind "incompany_fee", so they share invoices,
numbering and PDF.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import structlog
from sqlalchemy import select

from billing.amounts import ZERO
from billing.models import Billable, CreditNote, Invoice
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.billing import BillableKind

log = structlog.get_logger("billing.billables")


@dataclass(frozen=True)
class RecordBillable:
    kind: BillableKind
    reference_id: UUID
    price: Decimal
    """VAT-inclusive, exact EUR."""
    description: str
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: Language = "fr"


async def record_billable(command: RecordBillable, uow: UnitOfWork) -> Billable:
    """The billable for the command's reference, recorded now unless it already was.

    Does not commit: the caller does (the chassis, after a consumer).
    """
    existing = await find_billable(uow, command.kind, command.reference_id)
    if existing is not None:
        log.info("billable already recorded", reference_id=str(command.reference_id))
        return existing
    billable = Billable(
        id=uuid.uuid4(),
        kind=command.kind,
        reference_id=command.reference_id,
        price=command.price,
        description=command.description[:500],
        payer_name=command.payer_name[:200],
        payer_email=command.payer_email.lower(),
        payer_company_id=command.payer_company_id,
        language=command.language,
        created_at=uow.clock.now(),
        cancelled_at=None,
    )
    uow.session.add(billable)
    await uow.session.flush()
    log.info("billable recorded", reference_id=str(command.reference_id), kind=command.kind)
    return billable


async def find_billable(
    uow: UnitOfWork, kind: str, reference_id: UUID, *, for_update: bool = False
) -> Billable | None:
    """The billable, row-locked until commit with `for_update` (PostgreSQL; SQLite
    serialises writers anyway), so invoicing and crediting one reference never interleave."""
    query = select(Billable).where(Billable.kind == kind, Billable.reference_id == reference_id)
    if for_update:
        query = query.with_for_update()
    return await uow.session.scalar(query)


async def invoiced_total(uow: UnitOfWork, billable_id: UUID) -> Decimal:
    """All invoices of the billable, credit notes deducted.

    Summed here rather than with SQL SUM: SQLite has no decimal type and would sum
    floats; each stored amount comes back as an exact two-decimal `Decimal`.
    """
    invoiced = await uow.session.scalars(
        select(Invoice.total_amount).where(Invoice.billable_id == billable_id)
    )
    credited = await uow.session.scalars(
        select(CreditNote.total_amount).where(CreditNote.billable_id == billable_id)
    )
    return sum(invoiced, ZERO) - sum(credited, ZERO)
