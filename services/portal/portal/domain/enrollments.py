"""What a person reads of an enrollment: its status in words, and where it stands.

The order's statuses (R-C4): pending validation -> validated -> partly invoiced ->
invoiced, or cancelled (and rejected, which staff may answer instead of validating).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

STATUSES = (
    "pending_validation",
    "validated",
    "partly_invoiced",
    "invoiced",
    "cancelled",
    "rejected",
)
TONES = {
    "pending_validation": "waiting",
    "validated": "good",
    "partly_invoiced": "good",
    "invoiced": "done",
    "cancelled": "stopped",
    "rejected": "stopped",
}
"""Each status's tone, a CSS class: the colour is never the only sign (the words are there)."""


def status_key(status: str) -> str:
    """The key of a status's words; an unknown status reads as itself."""
    return f"status.{status}" if status in STATUSES else ""


def may_ask_for_change(status: str) -> bool:
    """R-C5: a cancellation or a move is asked while the enrollment still stands."""
    return status in ("pending_validation", "validated", "partly_invoiced", "invoiced")


def change_pending(booking: Mapping[str, Any]) -> bool:
    """Whether the customer's change request still waits for staff (R-C5): one of the
    booking's `change_requests` is open. An answer without them (enrollment before issue
    13) is read from its history: its last entry is the submission (a resolution adds an
    entry after it)."""
    requests = booking.get("change_requests")
    if isinstance(requests, list):
        return any(r.get("state") == "open" for r in requests)
    history = booking.get("history") or []
    return bool(history) and history[-1].get("note", "").startswith("change request: ")


def equal_parts(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` instalments to the cent, the first ones taking the odd cents:
    800.00 in 3 -> 266.67, 266.67, 266.66."""
    if parts < 1:
        raise ValueError("at least one part")
    cents = int((total * 100).to_integral_value())
    base, extra = divmod(cents, parts)
    return [Decimal(base + (1 if i < extra else 0)) / 100 for i in range(parts)]
