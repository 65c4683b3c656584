"""What billing is asked to read: queries as frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from chassis.tokens import Principal
from contracts.billing import BillableKind


@dataclass(frozen=True)
class ListDocuments:
    """Invoices or credit notes a caller may see, optionally of one reference only, issued
    in a period (`issued_from` included, `issued_until` excluded)."""

    principal: Principal
    reference_id: UUID | None = None
    issued_from: datetime | None = None
    issued_until: datetime | None = None


@dataclass(frozen=True)
class ListBillables:
    """Billables (staff), optionally of one kind, cancelled or not, recorded in a period."""

    kind: BillableKind | None = None
    cancelled: bool | None = None
    created_from: datetime | None = None
    created_until: datetime | None = None


@dataclass(frozen=True)
class ReadDocument:
    """One invoice or credit note, for a caller who must be staff or its payer."""

    principal: Principal
    document_id: UUID


@dataclass(frozen=True)
class ReadBillable:
    kind: BillableKind
    reference_id: UUID
