"""Crediting a cancelled reference: one credit note per invoice not yet credited.

A cancelled booking (R-C5) is credited for what was invoiced, nothing if
nothing was. Each invoice is credited in full by its own credit note, to its
own payer, so a price split between payers is credited to each of them. The
credit-note series is gapless like the invoices' (`numbering.py`).
"""

from __future__ import annotations

import uuid
from uuid import UUID

import structlog
from sqlalchemy import select

from billing.billables import (
    find_billable,
    invoiced_total,
    key_of_reference,
    lock_key,
    record_early_cancellation,
)
from billing.counters import next_sequence
from billing.models import CreditNote, Invoice
from billing.numbering import Series, format_number, numbering_year
from chassis.unit_of_work import UnitOfWork
from contracts.billing import BillableKind, CreditNoteIssuedV1

log = structlog.get_logger("billing.crediting")


async def cancel_and_credit(
    kind: BillableKind, reference_id: UUID, reason: str, uow: UnitOfWork
) -> list[CreditNote]:
    """Close the reference to invoicing and credit each invoice not credited yet.

    Idempotent: a second call finds every invoice credited and issues nothing
    (and `credit_notes.invoice_id` is unique, should two calls ever race).
    The caller commits.
    """
    key = key_of_reference(kind, reference_id)
    await lock_key(uow, key)
    billable = await find_billable(uow, key, for_update=True)
    if billable is None:
        # Not validated, or its validation is still on its way (another queue): kept,
        # so that the billable is recorded cancelled when it comes.
        await record_early_cancellation(uow, key, reason)
        log.info("cancelled before anything was billable", reference_id=str(reference_id))
        return []
    now = uow.clock.now()
    if billable.cancelled_at is None:
        billable.cancelled_at = now
    credited = select(CreditNote.invoice_id)
    invoices = (
        await uow.session.scalars(
            select(Invoice)
            .where(Invoice.billable_id == billable.id, Invoice.id.not_in(credited))
            .order_by(Invoice.issued_at, Invoice.number)
        )
    ).all()
    remaining = await invoiced_total(uow, billable.id)
    notes: list[CreditNote] = []
    year = numbering_year(now)
    for invoice in invoices:
        sequence = await next_sequence(uow.session, Series.CREDIT_NOTE, year)
        note = CreditNote(
            id=uuid.uuid4(),
            number=format_number(Series.CREDIT_NOTE, year, sequence),
            invoice_id=invoice.id,
            billable_id=billable.id,
            kind=invoice.kind,
            reference_id=invoice.reference_id,
            issued_at=now,
            reason=reason[:1000],
            payer_name=invoice.payer_name,
            payer_email=invoice.payer_email,
            payer_company_id=invoice.payer_company_id,
            language=invoice.language,
            vat_rate=invoice.vat_rate,
            net_amount=invoice.net_amount,
            vat_amount=invoice.vat_amount,
            total_amount=invoice.total_amount,
        )
        uow.session.add(note)
        remaining -= invoice.total_amount
        uow.publish(
            CreditNoteIssuedV1(
                credit_note_id=note.id,
                number=note.number,
                kind=kind,
                reference_id=reference_id,
                amount=note.total_amount,
                invoiced_total=remaining,
                payer_email=note.payer_email,
                language=note.language,  # type: ignore[arg-type]
            )
        )
        notes.append(note)
        log.info("credit note issued", number=note.number, invoice=invoice.number)
    await uow.session.flush()
    return notes
