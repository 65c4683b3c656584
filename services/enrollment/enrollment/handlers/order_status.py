"""R-C4: a validated booking's order status follows what billing has invoiced for it."""

from __future__ import annotations

from chassis.refusals import Undeliverable
from contracts.billing import InvoiceIssuedV1, InvoiceIssuedV2
from enrollment.adapters import bookings
from enrollment.domain.status import Status, after_invoice
from enrollment.handlers import Uow


async def on_invoice_issued(event: InvoiceIssuedV1 | InvoiceIssuedV2, uow: Uow) -> None:
    """Consumer of billing.invoice.issued.v2 (and v1, still in flight): partly invoiced,
    then invoiced.

    Invoices only add up, so an older event delivered late (a lower total)
    changes nothing. Invoices of in-company groups are not enrollment's.
    """
    if event.kind == "public_booking":
        await _follow(event, uow)
    await uow.commit()


async def _follow(event: InvoiceIssuedV1 | InvoiceIssuedV2, uow: Uow) -> None:
    booking = await bookings.find(uow.session, event.reference_id)
    if booking is None:
        # Billing invoices only bookings enrollment validated: this one cannot be applied,
        # and acking it would lose the order status silently. Dead-letter it, visibly.
        raise Undeliverable(
            f"invoice {event.number} is for booking {event.reference_id}, unknown to enrollment"
        )
    if event.invoiced_total <= booking.invoiced_total:
        return
    booking.invoiced_total = event.invoiced_total
    new = after_invoice(Status(booking.status), event.invoiced_total, booking.price)
    if new != booking.status:
        booking.status = new
        bookings.record_change(
            uow.session,
            booking,
            at=uow.clock.now(),
            note=f"invoice {event.number}: {event.invoiced_total} of {booking.price}",
        )
