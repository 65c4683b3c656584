"""The business half of the ledger: each cause's effects in the other services, exactly once.

Counting deliveries is not enough: a consumer may record an event and still
fail to do what it means (or do it twice under another key). So the effects
are read from the tables where the business keeps them: a billable per
validated booking and its cancellation, a credit note per cancelled invoiced
booking, the order status following the invoices (R-C4), an account per
participant (R-A7), a fee per group cancelled late (R-I14), a message per notified
event (the scans' reminders and confirmations included). And a cause is never
half-written: a committed row has its event, an event its row (bookings, validations,
cancellations, invoices, credit notes, resolved change requests, participants,
cancelled groups).

The queries name the services' tables: they are the rig's one coupling to a
service's storage, kept here so that a renamed table is fixed in one place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any
from uuid import UUID

from testkit.faults.databases import ServiceDatabases
from testkit.faults.deliveries import CONSUMERS_OF, consumer_service

if TYPE_CHECKING:
    from testkit.faults.ledger import Ledger


async def check_business_effects(
    ledger: Ledger,
    databases: ServiceDatabases,
    events: dict[UUID, tuple[str, dict[str, Any]]],
    restored_rows: set[str],
) -> None:
    """Each cause's effects in the other services, exactly once; no half-written cause."""
    fetch = databases.fetch
    by_name: dict[str, list[tuple[UUID, dict[str, Any]]]] = defaultdict(list)
    for event_id, (name, payload) in events.items():
        by_name[name].append((event_id, payload))

    def once(what: str, counter: Counter[Any], keys: list[Any]) -> None:
        for key in keys:
            ledger.effects_checked += 1
            n = counter[key]
            if n == 0:
                ledger.lost += 1
                ledger.details.append(f"lost: no {what} for {key}")
            elif n > 1:
                ledger.duplicated += n - 1
                ledger.details.append(f"duplicated: {n} {what} for {key}")

    def source_once(name: str, key: str) -> Counter[Any]:
        counts = Counter(payload[key] for _, payload in by_name[name])
        for value, n in counts.items():
            if n > 1:
                ledger.duplicated += n - 1
                ledger.details.append(f"duplicated: {n} {name} for {key}={value}")
        return counts

    def both_ways(what: str, rows: set[str], events: set[str]) -> None:
        for key in rows - events - restored_rows:
            ledger.half_written += 1
            ledger.details.append(f"half-written: {what} {key} committed without its event")
        for key in events - rows:
            ledger.half_written += 1
            ledger.details.append(f"half-written: event for {what} {key}, no such row")

    requested = source_once("enrollment.booking.requested.v1", "booking_id")
    validated = source_once("enrollment.booking.validated.v1", "booking_id")
    cancelled = source_once("enrollment.booking.cancelled.v1", "booking_id")
    invoices_issued = source_once("billing.invoice.issued.v2", "invoice_id")
    participants_added = Counter(
        p["participant"]["participant_id"] for _, p in by_name["incompany.participant.added.v1"]
    )

    # Half-written: a committed row without its event, or an event without its row.
    bookings = await fetch("enrollment", "SELECT id, status, invoiced_total FROM bookings")
    booking_ids = {str(b["id"]) for b in bookings}
    both_ways("booking", booking_ids, set(requested))
    was_validated = {
        str(r["booking_id"])
        for r in await fetch(
            "enrollment",
            "SELECT DISTINCT booking_id FROM booking_history WHERE status = 'validated'",
        )
    }
    both_ways("validated booking", was_validated, set(validated))
    invoices = await fetch("billing", "SELECT id, reference_id, total_amount, kind FROM invoices")
    both_ways("invoice", {str(i["id"]) for i in invoices}, set(invoices_issued))
    participants = await fetch("incompany", "SELECT id, email FROM participants")
    both_ways("participant", {str(p["id"]) for p in participants}, set(participants_added))

    # Cancellations, credit notes, resolved change requests, cancelled groups: each row
    # has its event and each event its row.
    cancelled_rows = await fetch("enrollment", "SELECT id FROM bookings WHERE status = 'cancelled'")
    both_ways("cancelled booking", {str(r["id"]) for r in cancelled_rows}, set(cancelled))
    credit_events = source_once("billing.credit-note.issued.v1", "credit_note_id")
    credit_rows = await fetch("billing", "SELECT id FROM credit_notes")
    both_ways("credit note", {str(r["id"]) for r in credit_rows}, set(credit_events))
    resolutions = source_once("enrollment.change-request.resolved.v1", "change_request_id")
    resolved_rows = await fetch(
        "enrollment", "SELECT id FROM change_requests WHERE state = 'resolved'"
    )
    both_ways("resolved change request", {str(r["id"]) for r in resolved_rows}, set(resolutions))
    groups_cancelled = Counter(
        p["group"]["group_id"] for _, p in by_name["incompany.group.cancelled.v1"]
    )
    cancelled_groups = await fetch("incompany", "SELECT id FROM groups WHERE state = 'cancelled'")
    both_ways("cancelled group", {str(g["id"]) for g in cancelled_groups}, set(groups_cancelled))

    # Billing: one late-cancellation fee per group cancelled within the window (R-I14:
    # the rig's window covers every group the load plans).
    fees = await fetch("billing", "SELECT reference_id FROM billables WHERE kind = 'incompany_fee'")
    once("cancellation fee", Counter(str(f["reference_id"]) for f in fees), list(groups_cancelled))

    # Billing: one billable per validated booking, cancelled when the booking is.
    billables = await fetch(
        "billing",
        "SELECT reference_id, cancelled_at FROM billables WHERE kind = 'public_booking'",
    )
    once("billable", Counter(str(b["reference_id"]) for b in billables), list(validated))
    cancelled_billables = Counter(
        str(b["reference_id"]) for b in billables if b["cancelled_at"] is not None
    )
    once("cancelled billable", cancelled_billables, [b for b in cancelled if b in validated])
    invoiced_refs = {str(i["reference_id"]) for i in invoices if i["kind"] == "public_booking"}
    credit_notes = await fetch("billing", "SELECT reference_id FROM credit_notes")
    once(
        "credit note",
        Counter(str(c["reference_id"]) for c in credit_notes),
        [b for b in cancelled if b in invoiced_refs],
    )

    # Enrollment: the order status follows the invoices (R-C4).
    billed: dict[str, Any] = defaultdict(int)
    for invoice in invoices:
        billed[str(invoice["reference_id"])] += invoice["total_amount"]
    for booking in bookings:
        key = str(booking["id"])
        if key in billed:
            ledger.effects_checked += 1
            if booking["invoiced_total"] != billed[key]:
                ledger.lost += 1
                ledger.details.append(
                    f"lost: booking {key} shows {booking['invoiced_total']} invoiced, "
                    f"billing issued {billed[key]}"
                )

    # Accounts: one account per participant's address (R-A7).
    users = Counter(
        r["email"] for r in await fetch("accounts", "SELECT lower(email) AS email FROM users")
    )
    once("account", users, sorted({p["email"].lower() for p in participants}))

    # Notifications: every event it consumes left at least one message, none twice.
    messages = await fetch(
        "notifications", "SELECT event_id, template, recipient_email FROM messages"
    )
    per_event = Counter(m["event_id"] for m in messages)
    notified = [
        event_id
        for event_id, (name, _) in events.items()
        if any(consumer_service(q) == "notifications" for q in CONSUMERS_OF.get(name, []))
    ]
    for event_id in notified:
        ledger.effects_checked += 1
        if per_event[event_id] == 0:
            ledger.lost += 1
            ledger.details.append(f"lost: no message for {events[event_id][0]} {event_id}")
    for key, n in Counter(
        (m["event_id"], m["template"], m["recipient_email"]) for m in messages
    ).items():
        if n > 1:
            ledger.duplicated += n - 1
            ledger.details.append(f"duplicated: {n} messages {key}")
