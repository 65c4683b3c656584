"""Who may do what for whom in enrollment (R-A2, R-A4, R-B2, R-C1).

- individuals enroll themselves, enrollment managers themselves or colleagues,
  customer service (and admins) anyone, by email (R-A2);
- a user sees the bookings placed with their current login email (R-A4, R-A5) once
  that address is verified (issue 13); before, only those they placed themselves
  with it, so an account registered with someone's address does not see the
  bookings customer service took for that person by phone; customer service sees
  them all;
- a company's enrollment managers see their agreement prices, nobody else's (R-B2).

Which roles reach an action at all (planners manage the catalogue, staff validate)
is said by each route's role requirement.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from chassis.tokens import Principal
from contracts.identity import Role, normalise_email
from enrollment.domain.commands import RequestBooking
from enrollment.domain.refusals import (
    IndividualBooksOnlySelf,
    NotYourBooking,
    PlacedByNameRequired,
    PlacedForRequired,
    PlacingForOthers,
)

SEES_EVERY_BOOKING = (Role.CUSTOMER_SERVICE, Role.ADMIN)


@dataclass(frozen=True)
class Placement:
    """Who places a booking request, and for which company: its history's key (R-A4)."""

    email: str
    """Normalised: the login email the bookings show under."""
    name: str
    user_id: UUID | None
    by_staff: bool
    company_id: UUID | None


def placement(request: RequestBooking) -> Placement:
    """Who the request is placed by, or the refusal saying why the caller may not place it."""
    caller = request.caller
    if caller.has_any(Role.CUSTOMER_SERVICE, Role.ADMIN):
        if request.placed_for is None:
            raise PlacedForRequired(
                "placed_for is required: the person customer service enrolls (R-A2)",
                field="placed_for",
            )
        return Placement(
            email=normalise_email(request.placed_for.email),
            name=request.placed_for.full_name.strip(),
            user_id=None,
            by_staff=True,
            company_id=request.company_id,
        )
    if request.placed_for is not None or request.company_id is not None:
        raise PlacingForOthers("only customer service places bookings for someone else")
    me = normalise_email(caller.email)
    mine = [t for t in request.trainees if normalise_email(str(t.email)) == me]
    company_id: UUID | None = None
    if caller.has_any(Role.ENROLLMENT_MANAGER) and caller.company_id is not None:
        company_id = caller.company_id
    elif len(request.trainees) != 1 or not mine:
        raise IndividualBooksOnlySelf(
            "an individual account enrolls only its holder: the one trainee must be you"
        )
    name = request.placed_by_name or (mine[0].full_name if mine else None)
    if name is None:
        raise PlacedByNameRequired(
            "placed_by_name is required when none of the trainees is you", field="placed_by_name"
        )
    return Placement(
        email=me, name=name.strip(), user_id=caller.user_id, by_staff=False, company_id=company_id
    )


@dataclass(frozen=True)
class History:
    """Which bookings a caller sees (R-A4): all of them, or those placed with `email`,
    and, while that address is not verified, only those `placed_by` this account."""

    everything: bool
    email: str = ""
    placed_by: UUID | None = None


def history(caller: Principal) -> History:
    if caller.has_any(*SEES_EVERY_BOOKING):
        return History(everything=True)
    return History(
        everything=False,
        email=normalise_email(caller.email),
        placed_by=None if caller.email_verified else caller.user_id,
    )


def may_read(placed_by_email: str, placed_by_user_id: UUID | None, caller: Principal) -> bool:
    seen = history(caller)
    if seen.everything:
        return True
    if not seen.email or placed_by_email != seen.email:
        return False
    return seen.placed_by is None or placed_by_user_id == seen.placed_by


def check_may_read(placed_by_email: str, placed_by_user_id: UUID | None, caller: Principal) -> None:
    """A booking is seen by whoever placed it (by verified login email, or by account while
    the email is unverified) and by customer service."""
    if not may_read(placed_by_email, placed_by_user_id, caller):
        raise NotYourBooking("this booking was placed by someone else")


def agreement_company(caller: Principal | None) -> UUID | None:
    """The company whose agreement prices the caller is shown, if any (R-B2)."""
    if caller is None or not caller.has_any(Role.ENROLLMENT_MANAGER):
        return None
    return caller.company_id
