"""What a person reads of an enrollment: its status in words, and where it stands.

The order's statuses (R-C4): pending validation -> validated -> partly invoiced ->
invoiced, or cancelled (and rejected, which staff may answer instead of validating).
"""

from __future__ import annotations

from decimal import Decimal

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


def change_pending(history: list[dict[str, str]]) -> bool:
    """Whether the customer's last change request still waits for staff: the history's last
    entry is its submission (a resolution adds an entry after it, R-C5). Enrollment gives a
    customer no list of their change requests; its history tells."""
    return bool(history) and history[-1].get("note", "").startswith("change request: ")


def equal_parts(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` instalments to the cent, the first ones taking the odd cents:
    800.00 in 3 -> 266.67, 266.67, 266.66."""
    if parts < 1:
        raise ValueError("at least one part")
    cents = int((total * 100).to_integral_value())
    base, extra = divmod(cents, parts)
    return [Decimal(base + (1 if i < extra else 0)) / 100 for i in range(parts)]
