"""Prices (R-B1..R-B3): list prices, framework agreements and the weekly cut-off.

An agreement is a series of versions ("terms") recorded by staff for a
company: a discount rate on every course, negotiated prices for some courses,
or both (a negotiated price wins over the rate). A version recorded at any
moment takes effect at the next weekly cut-off, Saturday 00:00 Europe/Paris
(R-B3); until then the version in effect stays in effect. Several versions
recorded in one week: the last one recorded wins at the cut-off.

A company's enrollment managers are shown, and charged, the agreement price
only once the company's first enrollment has been validated (R-B2); before
that, and for everyone else, the list price applies. The price of a booking is
fixed when it is requested.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from enrollment.domain.local_time import PARIS
from enrollment.domain.refusals import AgreementTermsRequired

SATURDAY = 5
CENT = Decimal("0.01")


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def next_cutoff(recorded_at: datetime, *, zone: ZoneInfo = PARIS) -> datetime:
    """The first Saturday 00:00 (local) strictly after `recorded_at`, as an aware datetime.

    A version recorded on Saturday 00:00 exactly, or during the weekend, waits
    for the following Saturday: the weekly update has already run.
    """
    if recorded_at.tzinfo is None:
        raise ValueError("recorded_at must be timezone-aware")
    local = recorded_at.astimezone(zone)
    days_ahead = (SATURDAY - local.weekday()) % 7 or 7
    saturday = (local + timedelta(days=days_ahead)).date()
    # Built from the wall-clock date, so a daylight-saving change in the week
    # does not move the cut-off off midnight.
    return datetime.combine(saturday, time.min, tzinfo=zone).astimezone(recorded_at.tzinfo)


@dataclass(frozen=True)
class Terms:
    """One version of a company's agreement."""

    recorded_at: datetime
    effective_from: datetime
    discount_rate: Decimal | None = None
    """0.15 for 15 % off the list price; None for negotiated prices only."""
    course_prices: Mapping[UUID, Decimal] = field(default_factory=dict)

    def price_of(self, course_id: UUID, list_price: Decimal) -> Decimal:
        negotiated = self.course_prices.get(course_id)
        if negotiated is not None:
            return money(negotiated)
        if self.discount_rate is not None:
            return money(list_price * (1 - self.discount_rate))
        return money(list_price)


def terms_in_effect(versions: Iterable[Terms], at: datetime) -> Terms | None:
    """The version in effect at `at`: the latest effective one, the last recorded on a tie."""
    effective = [v for v in versions if v.effective_from <= at]
    if not effective:
        return None
    return max(effective, key=lambda v: (v.effective_from, v.recorded_at))


def price_for(
    course_id: UUID,
    list_price: Decimal,
    *,
    terms: Terms | None,
    first_validated: bool,
) -> Decimal:
    """What the company pays for one seat now: the agreement price once R-B2 allows it."""
    if terms is None or not first_validated:
        return money(list_price)
    return terms.price_of(course_id, list_price)


def check_terms(discount_rate: Decimal | None, course_prices: Mapping[str, Decimal]) -> None:
    """An agreement says something: a rate, negotiated prices, or both (R-B1)."""
    if discount_rate is None and not course_prices:
        raise AgreementTermsRequired("an agreement needs a discount_rate, course_prices, or both")


@dataclass(frozen=True)
class PriceBook:
    """The prices one company (or nobody in particular) pays right now (R-B2)."""

    terms: Terms | None
    first_validated: bool

    @classmethod
    def list_prices(cls) -> PriceBook:
        """Everyone's prices: anonymous visitors, individuals, companies without an agreement."""
        return cls(terms=None, first_validated=False)

    def price(self, course_id: UUID, list_price: Decimal) -> Decimal:
        return price_for(
            course_id, list_price, terms=self.terms, first_validated=self.first_validated
        )

    @property
    def discounted(self) -> bool:
        return self.terms is not None and self.first_validated

    def is_agreement_price(self, course_id: UUID, list_price: Decimal) -> bool:
        """Whether the caller is shown a negotiated or discounted price for this course."""
        return self.discounted and self.price(course_id, list_price) != list_price
