"""Crediting a cancelled reference: one credit note per invoice not yet credited.

A cancelled booking (R-C5) is credited for what was invoiced, nothing if
nothing was. Each invoice is credited in full by its own credit note, to its
own payer, so a price split between payers is credited to each of them. The
credit-note series is gapless like the invoices' (`domain/numbering.py`).
"""

from __future__ import annotations

import uuid
from uuid import UUID

import structlog

from billing.adapters.billables import (
    find_billable,
    invoiced_total,
    lock_key,
    record_early_cancellation,
)
from billing.adapters.counters import next_sequence
from billing.adapters.documents import uncredited_invoices
from billing.adapters.tables import CreditNote
from billing.domain.billables import PUBLIC_BOOKING, key_of_reference
from billing.domain.numbering import Series, format_number, numbering_year
from billing.handlers import Uow
from contracts.billing import BillableKind, CreditNoteIssuedV1
from contracts.enrollment import BookingCancelledV1

log = structlog.get_logger("billing.crediting")


async def on_booking_cancelled(event: BookingCancelledV1, uow: Uow) -> None:
    """A cancelled booking is credited for what was invoiced (R-C5), nothing otherwise."""
    await cancel_and_credit(PUBLIC_BOOKING, event.booking_id, event.reason, uow)
    await uow.commit()


async def cancel_and_credit(
    kind: BillableKind, reference_id: UUID, reason: str, uow: Uow
) -> list[CreditNote]:
    """Close the reference to invoicing and credit each invoice not credited yet.

    Idempotent: a second call finds every invoice credited and issues nothing
    (and `credit_notes.invoice_id` is unique, should two calls ever race).
    A step of the caller's transaction, which commits.
    """
    session = uow.session
    key = key_of_reference(kind, reference_id)
    await lock_key(await session.connection(), key)
    billable = await find_billable(session, key, for_update=True)
    now = uow.clock.now()
    if billable is None:
        # Not validated, or its validation is still on its way (another queue): kept,
        # so that the billable is recorded cancelled when it comes.
        await record_early_cancellation(session, key, now, reason)
        log.info("cancelled before anything was billable", reference_id=str(reference_id))
        return []
    if billable.cancelled_at is None:
        billable.cancelled_at = now
    invoices = await uncredited_invoices(session, billable.id)
    remaining = await invoiced_total(session, billable.id)
    notes: list[CreditNote] = []
    year = numbering_year(now)
    for invoice in invoices:
        sequence = await next_sequence(session, Series.CREDIT_NOTE, year)
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
        session.add(note)
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
    await session.flush()
    return notes
