"""R-C4: pending validation -> validated -> partly invoiced -> invoiced, or cancelled."""

from __future__ import annotations

from decimal import Decimal

import pytest

from enrollment.domain.refusals import TransitionRefused
from enrollment.domain.status import Status, after_invoice, cancel, reject, validate


def test_r_c4_invoices_move_a_validated_booking_to_partly_invoiced_then_invoiced():
    price = Decimal("800.00")
    assert after_invoice(Status.VALIDATED, Decimal("400.00"), price) is Status.PARTLY_INVOICED
    assert after_invoice(Status.PARTLY_INVOICED, Decimal("800.00"), price) is Status.INVOICED
    assert after_invoice(Status.VALIDATED, Decimal("800.00"), price) is Status.INVOICED


def test_r_c4_a_cancelled_booking_stays_cancelled_whatever_billing_says():
    assert after_invoice(Status.CANCELLED, Decimal("800.00"), Decimal("800")) is Status.CANCELLED


def test_r_c2_only_a_pending_booking_is_validated_or_rejected():
    assert validate(Status.PENDING_VALIDATION) is Status.VALIDATED
    assert reject(Status.PENDING_VALIDATION) is Status.REJECTED
    for status in (Status.VALIDATED, Status.INVOICED, Status.CANCELLED, Status.REJECTED):
        with pytest.raises(TransitionRefused, match="only a pending booking"):
            validate(status)


def test_r_c5_any_live_booking_can_be_cancelled_but_not_twice():
    for status in (Status.PENDING_VALIDATION, Status.VALIDATED, Status.INVOICED):
        assert cancel(status) is Status.CANCELLED
    with pytest.raises(TransitionRefused, match="cannot be cancelled"):
        cancel(Status.CANCELLED)
