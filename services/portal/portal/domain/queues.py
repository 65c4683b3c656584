"""The staff's work lists, in the order they are worked through.

The validation queue (R-C2): overdue bookings first, then by validation deadline,
the earliest first, so what is late is never below what is merely due.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portal.domain.formats import parse_instant


def validation_order(bookings: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(
        bookings,
        key=lambda b: (not b.get("overdue", False), parse_instant(b["validation_due_at"])),
    )
