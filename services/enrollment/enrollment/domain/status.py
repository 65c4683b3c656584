"""R-C4: a booking's status, and which moves between statuses are allowed.

pending_validation -> validated -> partly_invoiced -> invoiced, or rejected
(by staff, from pending), or cancelled (by customer service, from any status
but rejected). Invoice states follow billing's figures: the amount invoiced so
far against the booking's price.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from enrollment.domain.refusals import BookingClosed, NotPending


class Status(StrEnum):
    PENDING_VALIDATION = "pending_validation"
    VALIDATED = "validated"
    PARTLY_INVOICED = "partly_invoiced"
    INVOICED = "invoiced"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


FINAL = frozenset({Status.REJECTED, Status.CANCELLED})
BILLABLE = frozenset({Status.VALIDATED, Status.PARTLY_INVOICED, Status.INVOICED})


def validate(current: Status) -> Status:
    if current is not Status.PENDING_VALIDATION:
        raise NotPending("validated", current)
    return Status.VALIDATED


def reject(current: Status) -> Status:
    if current is not Status.PENDING_VALIDATION:
        raise NotPending("rejected", current)
    return Status.REJECTED


def cancel(current: Status) -> Status:
    if current in FINAL:
        raise BookingClosed(current, "cannot be cancelled")
    return Status.CANCELLED


def can_change(current: Status) -> bool:
    """Whether the customer may still ask to cancel or move it (R-C5)."""
    return current not in FINAL


def check_changeable(current: Status) -> None:
    """A change request is refused once the booking is rejected or cancelled (R-C5)."""
    if not can_change(current):
        raise BookingClosed(current, "cannot be changed any more")


def check_movable(current: Status) -> None:
    """Customer service moves any booking not rejected or cancelled; it keeps its status (R-C5)."""
    if not can_change(current):
        raise BookingClosed(current, "cannot be moved")


def after_invoice(current: Status, invoiced_total: Decimal, price: Decimal) -> Status:
    """The status once `invoiced_total` of `price` is invoiced; final statuses stay."""
    if current in FINAL or current is Status.PENDING_VALIDATION:
        return current
    if invoiced_total <= 0:
        return Status.VALIDATED
    if invoiced_total < price:
        return Status.PARTLY_INVOICED
    return Status.INVOICED
