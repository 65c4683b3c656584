"""Recording billables, and what one costs, is invoiced and is left (staff).

A validated booking becomes billable (R-C4) under "booking:<id>"; an in-company
fee (R-I14..R-I16) under its fee key (`domain/fees.py`), with kind
"incompany_fee". Both share invoices, numbering and PDF.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import structlog

from billing.adapters.billables import (
    billable_page,
    find_billable,
    insert_billable,
    invoiced_total,
    invoiced_totals,
    lock_key,
)
from billing.adapters.tables import Billable
from billing.domain.amounts import left_to_invoice
from billing.domain.billables import booking_billable, key_of_reference
from billing.domain.commands import RecordBillable
from billing.domain.queries import ListBillables, ReadBillable
from billing.domain.refusals import UnknownBillable
from billing.handlers import Uow
from chassis.pages import PageRequest
from contracts.enrollment import BookingValidatedV1
from contracts.identity import normalise_email

log = structlog.get_logger("billing.billables")


async def on_booking_validated(event: BookingValidatedV1, uow: Uow) -> None:
    """A validated booking becomes billable (R-C4), once whatever the redeliveries."""
    await record_billable(booking_billable(event), uow)
    await uow.commit()


async def record_billable(command: RecordBillable, uow: Uow) -> bool:
    """Record the billable under the command's key; whether it was recorded now.

    A step of the caller's transaction (which commits): already recorded (the
    same fact delivered again with a new event id, or, for the in-company flat
    fee, the other fact sharing its key), nothing changes and it is False. A
    cancellation that came first (`crediting.py`) is recorded with it.

    The hot path of every validated booking: two statements in SQLAlchemy Core on
    the transaction's connection, no ORM unit of work. First the key's advisory
    lock, a statement of its own on PostgreSQL (`lock_key`: a cancellation of the
    same booking, handled at the same moment, is either committed before the next
    statement's snapshot or waits for this transaction); then one INSERT .. SELECT
    .. ON CONFLICT DO NOTHING RETURNING that takes the early cancellation's
    instant in a scalar subquery and tells whether the key was new
    (`insert_billable`). A caller that needs the row reads it (`find_billable`),
    as invoicing does, row-locked.
    """
    connection = await uow.session.connection()
    await lock_key(connection, command.key)
    recorded, cancelled_at = await insert_billable(
        connection,
        {
            "id": uuid.uuid4(),
            "billable_key": command.key,
            "kind": command.kind,
            "reference_id": command.reference_id,
            "price": command.price,
            "description": command.description[:500],
            "payer_name": command.payer_name[:200],
            "payer_email": normalise_email(command.payer_email),
            "payer_company_id": command.payer_company_id,
            "language": command.language,
            "created_at": uow.clock.now(),
            **_billed_columns(command),
        },
    )
    if not recorded:
        log.info("billable already recorded", billable_key=command.key)
        return False
    log.debug(  # one per validated booking: a hot path; the inbox row is the record
        "billable recorded",
        billable_key=command.key,
        kind=command.kind,
        cancelled=cancelled_at is not None,
    )
    return True


_NOTHING_BILLED: dict[str, object] = {
    "course_code": None,
    "course_title": None,
    "starts_at": None,
    "ends_at": None,
    "time_zone": None,
    "participant_name": None,
    "group_reference": None,
}
"""What a billable recorded without `billed` keeps: every bound parameter needs a value."""


def _billed_columns(command: RecordBillable) -> dict[str, object]:
    billed = command.billed
    if billed is None:
        return _NOTHING_BILLED
    return {
        "course_code": billed.course_code[:40],
        "course_title": billed.course_title[:300],
        "starts_at": billed.starts_at,
        "ends_at": billed.ends_at,
        "time_zone": billed.time_zone,
        "participant_name": billed.participant[:200] if billed.participant else None,
        "group_reference": billed.group_reference,
    }


@dataclass(frozen=True)
class BillableStatement:
    """A billable with what is invoiced of it (credit notes deducted) and what is left."""

    billable: Billable
    invoiced_total: Decimal
    left_to_invoice: Decimal


async def read_billable(query: ReadBillable, uow: Uow) -> BillableStatement:
    """What a booking costs, what is invoiced and what is left; 404 for anything else."""
    key = key_of_reference(query.kind, query.reference_id)
    billable = await find_billable(uow.session, key)
    if billable is None:
        raise UnknownBillable(
            f"nothing billable for {query.kind} {query.reference_id}",
            reference_id=query.reference_id,
        )
    return _statement(billable, await invoiced_total(uow.session, billable.id))


async def list_billables(
    query: ListBillables, page: PageRequest, uow: Uow
) -> tuple[list[BillableStatement], str | None]:
    """A page of billables with what is invoiced and left of each (staff)."""
    found, next_cursor = await billable_page(uow.session, query, page)
    totals = await invoiced_totals(uow.session, [b.id for b in found])
    return [_statement(b, totals[b.id]) for b in found], next_cursor


def _statement(billable: Billable, invoiced: Decimal) -> BillableStatement:
    return BillableStatement(
        billable=billable,
        invoiced_total=invoiced,
        left_to_invoice=left_to_invoice(
            billable.price, invoiced, cancelled=billable.cancelled_at is not None
        ),
    )
