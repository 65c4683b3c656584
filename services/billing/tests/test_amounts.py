"""What may be invoiced (R-C4), and the VAT included in an amount; exact decimals only."""

from decimal import Decimal

import pytest

from billing.domain.amounts import amount_to_invoice, split_vat
from billing.domain.refusals import AmountExceedsRemaining, AmountRefused


def test_r_c4_without_an_amount_all_that_is_left_is_invoiced():
    assert amount_to_invoice(None, Decimal("625.00")) == Decimal("625.00")


def test_r_c4_an_instalment_may_cover_part_of_the_price():
    assert amount_to_invoice(Decimal("300"), Decimal("1250.00")) == Decimal("300.00")


def test_r_c4_an_amount_beyond_what_is_left_is_refused_saying_both():
    with pytest.raises(AmountExceedsRemaining) as refused:
        amount_to_invoice(Decimal("300.00"), Decimal("150.00"))
    assert str(refused.value) == "amount 300.00 exceeds the 150.00 left to invoice"


def test_nothing_left_means_nothing_to_invoice():
    with pytest.raises(AmountExceedsRemaining, match="nothing is left to invoice"):
        amount_to_invoice(None, Decimal("0.00"))


@pytest.mark.parametrize("amount", ["0", "0.00", "-10.00"])
def test_an_amount_that_is_not_positive_is_refused(amount):
    with pytest.raises(AmountRefused, match="greater than 0"):
        amount_to_invoice(Decimal(amount), Decimal("100.00"))


def test_an_amount_finer_than_a_cent_is_refused():
    with pytest.raises(AmountRefused, match="more than 2 decimals"):
        amount_to_invoice(Decimal("10.005"), Decimal("100.00"))


def test_trailing_zeros_are_not_extra_decimals():
    assert amount_to_invoice(Decimal("10.500"), Decimal("100.00")) == Decimal("10.50")


def test_120_including_20_percent_vat_is_100_net_and_20_vat():
    totals = split_vat(Decimal("120.00"), Decimal("0.20"))
    assert (totals.net, totals.vat, totals.total) == (
        Decimal("100.00"),
        Decimal("20.00"),
        Decimal("120.00"),
    )


def test_vat_is_rounded_half_up_and_net_plus_vat_is_always_the_total():
    totals = split_vat(Decimal("0.03"), Decimal("0.20"))  # VAT 0.005 -> 0.01
    assert totals.vat == Decimal("0.01")
    assert totals.net + totals.vat == Decimal("0.03")
    for cents in range(1, 2000, 7):
        total = Decimal(cents) / 100
        totals = split_vat(total, Decimal("0.20"))
        assert totals.net + totals.vat == total


def test_a_vat_exempt_provider_invoices_no_vat():
    totals = split_vat(Decimal("375.00"), Decimal("0"))
    assert (totals.net, totals.vat) == (Decimal("375.00"), Decimal("0.00"))
