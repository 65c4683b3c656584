"""Billing's own settings (from `BILLING_<NAME>` or `<NAME>`): VAT and the seller on invoices."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from billing.amounts import DEFAULT_VAT_RATE
from chassis.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    vat_rate: Decimal = Field(default=DEFAULT_VAT_RATE, ge=0, le=1, decimal_places=4)
    """The VAT included in invoiced amounts (`amounts.py`): 0.20 is France's standard rate."""
    seller_name: str = "Training provider"
    seller_address: str = ""
    seller_vat_number: str = ""
