"""Billing's own settings (from `BILLING_<NAME>` or `<NAME>`): VAT, the seller on invoices,
and the in-company fees with PRODUCT.md's defaults (R-I14..R-I16, `domain/fees.py`).

The seller's defaults are a development identity, visibly not a real company;
the production overlay (deploy/k8s/overlays/production) sets the real one."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator

from billing.domain.amounts import DEFAULT_VAT_RATE
from billing.domain.documents import Seller
from billing.domain.fees import FeeRules
from chassis.settings import ServiceSettings

_RULES = FeeRules()


class BillingSettings(ServiceSettings):
    vat_rate: Decimal = Field(default=DEFAULT_VAT_RATE, ge=0, le=1, decimal_places=4)
    """The VAT included in invoiced amounts (`domain/amounts.py`): 0.21, Belgium's standard
    (the seller is Belgian); 0 for a training body exempt under art. 44 §2 4° of the
    Belgian VAT code."""
    seller_name: str = Field(default="Formations Exemple SRL (development)", min_length=1)
    """The seller's legal name, with its legal form, as on every invoice and credit note."""
    seller_street: str = "Rue de la Loi 16"
    seller_postal_code: str = "1000"
    seller_city: str = "Bruxelles"
    seller_country: str = Field(default="BE", pattern=r"^[A-Z]{2}$")
    """ISO 3166 code; printed as the country's name in the document's language."""
    seller_enterprise_number: str = Field(default="0000.000.097", max_length=20)
    """The Belgian enterprise number (BCE/KBO), e.g. "0123.456.749"."""
    seller_vat_number: str = Field(default="BE0000000097", max_length=20)
    seller_iban: str = Field(default="BE71 0961 2345 6769", max_length=42)
    """The account invoices are paid to, printed with the structured communication."""
    seller_bic: str = Field(default="GKCCBEBB", max_length=11)
    seller_email: str = Field(default="facturation@formations.example", max_length=320)
    payment_terms_days: int = Field(default=30, ge=0, le=365)
    """Days from the issue date to the due date printed on each invoice."""
    announce_retry_seconds: float = Field(default=10.0, gt=0, le=3600)
    """How often the background loop announces invoices numbered but not announced yet
    (their announcement failed or the process stopped in between: `handlers/invoicing.py`)."""

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

    @field_validator("seller_iban")
    @classmethod
    def _iban_in_groups(cls, value: str) -> str:
        compact = value.replace(" ", "").upper()
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))

    def seller(self) -> Seller:
        return Seller(
            name=self.seller_name,
            street=self.seller_street,
            postal_code=self.seller_postal_code,
            city=self.seller_city,
            country=self.seller_country,
            enterprise_number=self.seller_enterprise_number,
            vat_number=self.seller_vat_number,
            iban=self.seller_iban,
            bic=self.seller_bic,
            email=self.seller_email,
        )

    def fee_rules(self) -> FeeRules:
        return FeeRules(
            late_cancellation_fee=self.late_cancellation_fee,
            late_cancellation_days=self.late_cancellation_days,
            missing_list_fee=self.missing_list_fee,
            shortfall_fee_per_person=self.shortfall_fee_per_person,
            shortfall_minimum_attendees=self.shortfall_minimum_attendees,
        )
