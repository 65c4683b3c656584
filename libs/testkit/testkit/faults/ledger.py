"""The ledger: what the services owe each other once the system is quiet, and what is off.

In the manner of the Jepsen "total queue" checker: every event in any outbox
must have been recorded exactly once by every consumer bound to it (else
lost, or unexpected when recorded but in no outbox); nothing may be left in
an outbox, a queue or a dead-letter queue (stuck); and every cause must have
its business effects exactly once, with no row missing its event or event
its row (`testkit.faults.effects`); and every write the load's client was answered
2xx for must be in its database (`testkit.faults.acknowledged`). The figures go into
the report as they are (`asdict`), so a field added here is a column of
docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from testkit.faults.acknowledged import Acknowledged, check_acknowledged
from testkit.faults.databases import ServiceDatabases
from testkit.faults.deliveries import CONSUMERS_OF, Deliveries
from testkit.faults.effects import check_business_effects
from testkit.faults.mailbox import Mailbox


@dataclass
class Ledger:
    events: int = 0
    deliveries_expected: int = 0
    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0
    stuck: int = 0
    half_written: int = 0
    effects_checked: int = 0
    duplicates_absorbed: int = 0
    """Deliveries a consumer found already in its inbox and skipped ("duplicate event
    skipped" in the services' logs): the duplicates the faults caused, seen absorbed."""
    emails_received: int = 0
    """Emails the rig's SMTP server received (`check_emails`)."""
    acknowledged_checked: int = 0
    """Writes the API answered 2xx for, found in their database (`acknowledged`)."""
    details: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.lost or self.duplicated or self.unexpected or self.stuck or self.half_written
        )


@dataclass
class Allowances:
    """What a scenario did itself, which the ledger must not hold against the services."""

    injected_event_ids: set[UUID] = field(default_factory=set)
    """Events a test published itself (a poison): in no outbox, and not counted."""
    restored_rows: set[str] = field(default_factory=set)
    """Rows a test wrote itself (a repair): they have no event, and are not counted."""
    expected_dead_letters: dict[str, int] = field(default_factory=dict)
    """Dead-letter queue -> messages a scenario put there on purpose (a poison)."""


async def take_ledger(
    databases: ServiceDatabases,
    deliveries: Deliveries,
    allowances: Allowances,
    acknowledged: Acknowledged | None = None,
    mailbox: Mailbox | None = None,
) -> Ledger:
    """Every outbox against every inbox and queue, then the business effects, then the
    writes the load was answered 2xx for."""
    ledger = Ledger()
    services = deliveries.services
    outboxes = {
        s: await databases.fetch(s, "SELECT event_id, name, body, published_at FROM outbox")
        for s in services
    }
    inboxes = {
        s: await databases.fetch(s, "SELECT event_id, consumer FROM inbox") for s in services
    }
    events: dict[UUID, tuple[str, dict[str, Any]]] = {}
    for rows in outboxes.values():
        for row in rows:
            events[row["event_id"]] = (row["name"], json.loads(row["body"])["payload"])
    ledger.events = len(events)

    # Deliveries: each event recorded once by each consumer bound to it.
    recorded = Counter(
        (row["event_id"], row["consumer"]) for rows in inboxes.values() for row in rows
    )
    for event_id, (name, _) in events.items():
        for queue in CONSUMERS_OF.get(name, []):
            ledger.deliveries_expected += 1
            if recorded[(event_id, queue)] == 0:
                ledger.lost += 1
                ledger.details.append(f"lost: {name} {event_id} never recorded by {queue}")
    for (event_id, queue), count in recorded.items():
        if event_id not in events and event_id not in allowances.injected_event_ids:
            ledger.unexpected += 1
            ledger.details.append(f"unexpected: {queue} recorded {event_id}, in no outbox")
        if count > 1:  # the primary key forbids it; counted all the same
            ledger.duplicated += count - 1

    # Stuck: left in an outbox, a queue or a dead-letter queue.
    for service, rows in outboxes.items():
        waiting = sum(1 for r in rows if r["published_at"] is None)
        if waiting:
            ledger.stuck += waiting
            ledger.details.append(f"stuck: {waiting} unpublished rows in {service}'s outbox")
    for name, depth in (await deliveries.queue_depths()).items():
        allowed = allowances.expected_dead_letters.get(name, 0)
        if depth > allowed:
            ledger.stuck += depth - allowed
            ledger.details.append(f"stuck: {depth} messages in {name}")

    await check_business_effects(ledger, databases, events, allowances.restored_rows)
    if acknowledged is not None:
        await check_acknowledged(ledger, databases, acknowledged)
    if mailbox is not None and "notifications" in services:
        await check_emails(ledger, databases, mailbox)
    return ledger


async def check_emails(ledger: Ledger, databases: ServiceDatabases, mailbox: Mailbox) -> None:
    """Notifications' messages against the emails the SMTP server received: a message sent
    arrived exactly once; one left "uncertain" (its process died with the email at the
    server) at most once; one given up ("failed") is an email lost; nothing arrived that
    no message names."""
    rows = await databases.fetch("notifications", "SELECT id, status FROM messages")
    with mailbox.lock:
        received = Counter(mailbox.received)
    ledger.emails_received = sum(received.values())
    for row in rows:
        n = received.pop(row["id"], 0)
        status = row["status"]
        if (status == "sent" and n == 0) or status == "failed":
            ledger.lost += 1
            ledger.details.append(f"lost: email {row['id']} {status}, {n} received")
        elif n > 1:
            ledger.duplicated += n - 1
            ledger.details.append(f"duplicated: email {row['id']} received {n} times")
        elif status in ("pending", "sending"):
            ledger.stuck += 1
            ledger.details.append(f"stuck: email {row['id']} still {status}")
    for message_id, n in received.items():
        ledger.unexpected += n
        ledger.details.append(f"unexpected: {n} email(s) {message_id} no message names")
