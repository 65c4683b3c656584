"""Billables: what may be invoiced, recorded once per fact under a unique key.

A validated booking becomes billable (R-C4) under "booking:<id>"; an in-company
fee (R-I14..R-I16) under its fee key (`fees.py`), with kind "incompany_fee".
Both share invoices, numbering and PDF.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import structlog
from sqlalchemy import func, select

from billing.amounts import ZERO
from billing.models import Billable, CreditNote, EarlyCancellation, Invoice
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.billing import BillableKind

log = structlog.get_logger("billing.billables")

PUBLIC_BOOKING: BillableKind = "public_booking"
INCOMPANY_FEE: BillableKind = "incompany_fee"


class NoKeyForReference(LookupError):
    """Only a public booking is found by its reference: a group may owe several fees."""


def booking_key(booking_id: UUID) -> str:
    return f"booking:{booking_id}"


def key_of_reference(kind: str, reference_id: UUID) -> str:
    """The key of the billable a (kind, reference) names; a booking has exactly one."""
    if kind == PUBLIC_BOOKING:
        return booking_key(reference_id)
    raise NoKeyForReference(
        f"{kind} {reference_id}: in-company fees are invoiced in full when they are charged; "
        "list them with GET /invoices?reference_id=<group id>"
    )


@dataclass(frozen=True)
class RecordBillable:
    key: str
    """Unique per fact: "booking:<id>", "group:<id>:flat-fee", "group:<id>:shortfall"."""
    kind: BillableKind
    reference_id: UUID
    price: Decimal
    """VAT-inclusive, exact EUR."""
    description: str
    payer_name: str
    payer_email: str
    payer_company_id: UUID | None
    language: Language = "fr"


async def record_billable(command: RecordBillable, uow: UnitOfWork) -> tuple[Billable, bool]:
    """The billable under the command's key, and whether it was recorded now.

    Already recorded (the same fact delivered again, or, for the in-company flat
    fee, the other fact sharing its key): returned as it is, with False. Two
    concurrent first recordings: the loser's flush fails on the unique key, its
    transaction rolls back and the consumer's retry finds the winner's row.
    Does not commit: the caller does (the chassis, after a consumer).
    """
    await lock_key(uow, command.key)
    existing = await find_billable(uow, command.key)
    if existing is not None:
        log.info("billable already recorded", billable_key=command.key)
        return existing, False
    early = await uow.session.get(EarlyCancellation, command.key)
    billable = Billable(
        id=uuid.uuid4(),
        billable_key=command.key,
        kind=command.kind,
        reference_id=command.reference_id,
        price=command.price,
        description=command.description[:500],
        payer_name=command.payer_name[:200],
        payer_email=command.payer_email.lower(),
        payer_company_id=command.payer_company_id,
        language=command.language,
        created_at=uow.clock.now(),
        cancelled_at=early.cancelled_at if early is not None else None,
    )
    uow.session.add(billable)
    await uow.session.flush()
    log.debug(  # one per validated booking: a hot path; the inbox row is the record
        "billable recorded",
        billable_key=command.key,
        kind=command.kind,
        cancelled=early is not None,
    )
    return billable, True


async def lock_key(uow: UnitOfWork, key: str) -> None:
    """Serialise, until commit, the transactions that record or cancel one billable.

    A validation and a cancellation of one booking may be handled at the same
    time by two consumers: without the lock, each could miss the other's
    uncommitted row and the billable would stay open. PostgreSQL transaction
    advisory lock on the key's hash; SQLite serialises writers anyway.
    """
    if uow.session.bind.dialect.name == "postgresql":
        await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


async def record_early_cancellation(uow: UnitOfWork, key: str, reason: str) -> None:
    """Keep a cancellation whose billable is not recorded yet (the caller holds `lock_key`)."""
    if await uow.session.get(EarlyCancellation, key) is None:
        uow.session.add(
            EarlyCancellation(billable_key=key, cancelled_at=uow.clock.now(), reason=reason[:1000])
        )


async def find_billable(uow: UnitOfWork, key: str, *, for_update: bool = False) -> Billable | None:
    """The billable, row-locked until commit with `for_update` (PostgreSQL; SQLite
    serialises writers anyway), so invoicing and crediting one billable never interleave."""
    query = select(Billable).where(Billable.billable_key == key)
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
