"""What may be invoiced, and how an invoiced amount splits into net and VAT; no I/O.

Amounts are exact `Decimal` EUR with at most two decimals (R-C4: invoices may
cover part of a price, as instalments or split between payers, never more than
what is left).

VAT: prices (the booking's price, a fee) are **VAT-inclusive**: they are what
the customer pays. The seller is Belgian (the enterprise and VAT numbers, the
structured communication), so the default is Belgium's standard rate, 21 %: an
invoice of 121.00 shows 100.00 net and 21.00 VAT. The rate is configuration
(`BillingSettings.vat_rate`): a training body whose courses are exempt (Belgian
VAT code, art. 44 §2 4°, recognised training bodies) sets it to 0. PRODUCT.md
states no rate, so the standard one applies until the business says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from billing.domain.refusals import AmountExceedsRemaining, AmountRefused

CENT = Decimal("0.01")
RATE_STEP = Decimal("0.0001")
"""VAT rates are stored with four decimals (Numeric(5, 4))."""
ZERO = Decimal("0.00")
DEFAULT_VAT_RATE = Decimal("0.21")
"""Belgium's standard rate (the seller's country)."""


def money(value: Decimal) -> str:
    """Two decimals, as on the invoice: 150 -> "150.00"."""
    return f"{value.quantize(CENT)}"


def check_amount(amount: Decimal) -> Decimal:
    """A positive amount of whole cents, quantized to two decimals."""
    if not amount.is_finite() or amount <= 0:
        raise AmountRefused(f"amount must be greater than 0, got {amount}", amount=amount)
    if amount != amount.quantize(CENT):
        raise AmountRefused(f"amount {amount} has more than 2 decimals", amount=amount)
    return amount.quantize(CENT)


def amount_to_invoice(requested: Decimal | None, remaining: Decimal) -> Decimal:
    """The requested amount (default: all that is left), if the price allows it."""
    if requested is None:
        if remaining <= 0:
            raise AmountExceedsRemaining("nothing is left to invoice", remaining=money(remaining))
        return remaining.quantize(CENT)
    amount = check_amount(requested)
    if amount > remaining:
        raise AmountExceedsRemaining(
            f"amount {money(amount)} exceeds the {money(remaining)} left to invoice",
            remaining=money(remaining),
        )
    return amount


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    total: Decimal
    vat_rate: Decimal


def split_vat(total: Decimal, vat_rate: Decimal) -> Totals:
    """Net and VAT inside a VAT-inclusive total; the VAT is rounded half up to the cent
    and the net is what remains, so net + VAT always equals the total exactly."""
    if vat_rate < 0:
        raise ValueError("the VAT rate cannot be negative")
    vat = (total * vat_rate / (1 + vat_rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    return Totals(net=total - vat, vat=vat, total=total, vat_rate=vat_rate.quantize(RATE_STEP))


def left_to_invoice(price: Decimal, invoiced: Decimal, *, cancelled: bool) -> Decimal:
    """What may still be invoiced: the price less what is invoiced, nothing once cancelled."""
    return ZERO if cancelled else price - invoiced
