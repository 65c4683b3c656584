"""The client's side of the ledger: every write the API acknowledged (2xx) is in a database.

The rest of the ledger reads the databases only: what was committed, and what
that owes. A write answered 2xx and then lost (rolled back after the answer,
or written where nobody reads) would never show there. So the load keeps its
own log of every acknowledged write, by id, and it is checked here against
the owner's database, each in the state the answer promised or a later one:

- a booking answered 201 exists in enrollment;
- a validation answered 200 left the booking validated, or further along
  (invoiced, cancelled), never pending or rejected;
- an invoice answered 201 exists in billing;
- a cancellation answered 200 left the booking cancelled;
- a participant answered 201 exists in incompany;
- a group confirmed (201) exists in incompany, and one cancelled (200) is cancelled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from testkit.faults.databases import ServiceDatabases

if TYPE_CHECKING:
    from testkit.faults.ledger import Ledger


@dataclass
class Acknowledged:
    """Ids the API answered 2xx for, by kind of write."""

    ids: dict[str, list[UUID]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, identifier: str) -> None:
        self.ids[kind].append(UUID(identifier))

    def __len__(self) -> int:
        return sum(len(set(v)) for v in self.ids.values())


CHECKS: dict[str, tuple[str, str]] = {
    # kind -> (service, query returning the ids found in the promised state)
    "booking": ("enrollment", "SELECT id FROM bookings WHERE id = ANY($1::uuid[])"),
    "validation": (
        "enrollment",
        "SELECT id FROM bookings WHERE id = ANY($1::uuid[]) "
        "AND status NOT IN ('pending_validation', 'rejected')",
    ),
    "invoice": ("billing", "SELECT id FROM invoices WHERE id = ANY($1::uuid[])"),
    "cancellation": (
        "enrollment",
        "SELECT id FROM bookings WHERE id = ANY($1::uuid[]) AND status = 'cancelled'",
    ),
    "participant": ("incompany", "SELECT id FROM participants WHERE id = ANY($1::uuid[])"),
    "group": ("incompany", "SELECT id FROM groups WHERE id = ANY($1::uuid[])"),
    "group cancellation": (
        "incompany",
        "SELECT id FROM groups WHERE id = ANY($1::uuid[]) AND state = 'cancelled'",
    ),
}


async def check_acknowledged(
    ledger: Ledger, databases: ServiceDatabases, acknowledged: Acknowledged
) -> None:
    """Count every acknowledged write missing from its database (or not in the state its
    answer promised) as lost, with the kind and id in the details."""
    for kind, ids in acknowledged.ids.items():
        service, query = CHECKS[kind]
        wanted = set(ids)
        found = {row["id"] for row in await databases.fetch(service, query, list(wanted))}
        ledger.acknowledged_checked += len(wanted)
        for missing in sorted(wanted - found, key=str)[:20]:
            ledger.details.append(f"lost: {kind} {missing} acknowledged 2xx, not in {service}")
        ledger.lost += len(wanted - found)
