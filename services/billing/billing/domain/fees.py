"""In-company fees (R-I13..R-I16): which fact costs what, and under which key; no I/O.

Incompany publishes facts (a group cancelled, its participant list missing at
the cut-off, its class completed with an attendance); billing owns the rules
and their amounts (`FeeRules`, from `BillingSettings`).

- R-I13, R-I14: "15 days before" is an instant (PRODUCT.md, R-I14's
  interpretation): the start minus `late_cancellation_days` (15) days **at the
  start's Brussels wall-clock time**, the very instant of the definitive
  confirmation (R-I9, incompany's deadline). A cancellation at or before it is
  free; one after it costs `late_cancellation_fee` (375.00). A daylight-saving
  change cannot move it by an hour: for a class on Monday 5 April 2027 at
  09:00 (summer time), cancelling on Sunday 21 March at 09:00 (winter time,
  359 hours before) is still free, and at 09:00:01 it is charged. Counting
  calendar days instead let a group starting 15 December 03:10 be cancelled
  free on 30 November 04:10, after its definitive confirmation had gone out.
- R-I15: a group whose participant list was still missing at the cut-off
  (3 days before the start, incompany's `participant_cutoff_days`) costs
  `missing_list_fee` (375.00).
- One flat fee per group, whatever happens (R-I15's interpretation): the late
  cancellation and the missing list share one key, `group:<id>:flat-fee`, so
  whichever is charged first is the only one. A cancellation that says the
  list went missing is charged as the missing list (the fact that came first),
  so the invoice reads the same whatever order the two events arrive in.
- R-I16: a completed class attended by fewer than
  `shortfall_minimum_attendees` (6) costs `shortfall_fee_per_person` (150.00)
  per missing person (4 attended: 2 x 150.00 = 300.00), under its own key
  `group:<id>:shortfall`.

A fee set to 0.00 is not charged. Amounts are exact, VAT-inclusive EUR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from contracts.incompany import (
    GroupCancelledV1,
    GroupCompletedV1,
    GroupFacts,
    ParticipantListMissingV1,
)


class FeeReason(StrEnum):
    LATE_CANCELLATION = "late_cancellation"  # R-I14
    MISSING_LIST = "missing_list"  # R-I15
    SHORTFALL = "shortfall"  # R-I16


@dataclass(frozen=True)
class FeeRules:
    """The amounts and thresholds of the in-company fees (`BillingSettings`)."""

    late_cancellation_fee: Decimal = Decimal("375.00")
    late_cancellation_days: int = 15
    missing_list_fee: Decimal = Decimal("375.00")
    shortfall_fee_per_person: Decimal = Decimal("150.00")
    shortfall_minimum_attendees: int = 6


@dataclass(frozen=True)
class Fee:
    """One fee owed for one fact about one group."""

    reason: FeeReason
    key: str
    """Unique per chargeable fact: a second charge with the same key is a no-op."""
    amount: Decimal
    group_id: UUID
    days_before_start: int | None = None
    """Late cancellation: whole days on the Brussels wall clock from cancellation to start."""
    attended: int | None = None
    minimum: int | None = None
    missing: int | None = None
    """Shortfall: how many attendees short of the minimum."""
    per_person: Decimal | None = None


def flat_fee_key(group_id: UUID) -> str:
    """The one key the late-cancellation and missing-list fees share (one per group)."""
    return f"group:{group_id}:flat-fee"


def shortfall_key(group_id: UUID) -> str:
    return f"group:{group_id}:shortfall"


def wall_time(instant: datetime, time_zone: str) -> datetime:
    """`instant` as the group's local wall clock shows it (naive)."""
    if instant.tzinfo is None:
        raise ValueError("fees are decided from aware instants")
    return instant.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


def free_cancellation_until(group: GroupFacts, days: int) -> datetime:
    """R-I14: the last instant a cancellation is free, `days` before the start at the
    start's local wall-clock time (the definitive confirmation of R-I9).

    A wall time the clocks skip (late March, 02:00-03:00) moves forward by the gap and
    one they repeat (late October) is its first occurrence, as incompany's deadlines do.
    """
    wall = wall_time(group.starts_at, group.time_zone) - timedelta(days=days)
    return wall.replace(tzinfo=ZoneInfo(group.time_zone), fold=0)


def days_before_start(group: GroupFacts, instant: datetime) -> int:
    """Whole days on the group's local wall clock from `instant` to the class's start
    (14 days 23 hours: 14), for the invoice's wording."""
    between = wall_time(group.starts_at, group.time_zone) - wall_time(instant, group.time_zone)
    return between // timedelta(days=1)


def _charged(amount: Decimal) -> bool:
    return amount > 0


def missing_list_fee(group: GroupFacts, rules: FeeRules) -> Fee | None:
    """R-I15: the participant list was still missing at the cut-off."""
    if not _charged(rules.missing_list_fee):
        return None
    return Fee(
        FeeReason.MISSING_LIST, flat_fee_key(group.group_id), rules.missing_list_fee, group.group_id
    )


def cancellation_fee(event: GroupCancelledV1, rules: FeeRules) -> Fee | None:
    """R-I13, R-I14 (and R-I15 when the list had gone missing): what a cancellation costs."""
    if event.participant_list_missing:
        return missing_list_fee(event.group, rules)
    free_until = free_cancellation_until(event.group, rules.late_cancellation_days)
    if event.cancelled_at <= free_until or not _charged(rules.late_cancellation_fee):
        return None
    days = max(0, days_before_start(event.group, event.cancelled_at))
    return Fee(
        FeeReason.LATE_CANCELLATION,
        flat_fee_key(event.group.group_id),
        rules.late_cancellation_fee,
        event.group.group_id,
        days_before_start=days,
    )


def list_missing_fee(event: ParticipantListMissingV1, rules: FeeRules) -> Fee | None:
    return missing_list_fee(event.group, rules)


def shortfall_fee(event: GroupCompletedV1, rules: FeeRules) -> Fee | None:
    """R-I16: 150.00 per attendee short of the minimum of 6."""
    minimum = rules.shortfall_minimum_attendees
    missing = max(0, minimum - event.attended_count)
    amount = rules.shortfall_fee_per_person * missing
    if not _charged(amount):
        return None
    return Fee(
        FeeReason.SHORTFALL,
        shortfall_key(event.group.group_id),
        amount.quantize(Decimal("0.01")),
        event.group.group_id,
        attended=event.attended_count,
        minimum=minimum,
        missing=missing,
        per_person=rules.shortfall_fee_per_person,
    )
