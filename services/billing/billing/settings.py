"""Billing's own settings (from `BILLING_<NAME>` or `<NAME>`): VAT, the seller on invoices,
and the in-company fees with PRODUCT.md's defaults (R-I14..R-I16, `domain/fees.py`)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from billing.domain.amounts import DEFAULT_VAT_RATE
from billing.domain.fees import FeeRules
from chassis.settings import ServiceSettings

_RULES = FeeRules()


class BillingSettings(ServiceSettings):
    vat_rate: Decimal = Field(default=DEFAULT_VAT_RATE, ge=0, le=1, decimal_places=4)
    """The VAT included in invoiced amounts (`domain/amounts.py`): 0.20, France's standard."""
    seller_name: str = "Training provider"
    seller_address: str = ""
    seller_vat_number: str = ""

    late_cancellation_fee: Decimal = Field(
        default=_RULES.late_cancellation_fee, ge=0, decimal_places=2
    )
    """R-I14: a group cancelled fewer than `late_cancellation_days` before its start (0: none)."""
    late_cancellation_days: int = Field(default=_RULES.late_cancellation_days, ge=0, le=365)
    """R-I13, R-I14: cancelling at or before the start minus this many days, at the start's
    Brussels wall-clock time (the definitive confirmation, R-I9), is free."""
    missing_list_fee: Decimal = Field(default=_RULES.missing_list_fee, ge=0, decimal_places=2)
    """R-I15: the participant list still missing at the cut-off (0: none).
    One flat fee per group: it and the late-cancellation fee are never both charged."""
    shortfall_fee_per_person: Decimal = Field(
        default=_RULES.shortfall_fee_per_person, ge=0, decimal_places=2
    )
    """R-I16: per attendee short of `shortfall_minimum_attendees` (0: none)."""
    shortfall_minimum_attendees: int = Field(
        default=_RULES.shortfall_minimum_attendees, ge=1, le=1000
    )
    """R-I16: fewer attendees than this costs the shortfall fee (the R-I2 minimum, 6)."""

    def fee_rules(self) -> FeeRules:
        return FeeRules(
            late_cancellation_fee=self.late_cancellation_fee,
            late_cancellation_days=self.late_cancellation_days,
            missing_list_fee=self.missing_list_fee,
            shortfall_fee_per_person=self.shortfall_fee_per_person,
            shortfall_minimum_attendees=self.shortfall_minimum_attendees,
        )
