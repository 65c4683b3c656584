"""The areas of the portal and who sees each in the navigation.

One area per kind of person, each served by its own module under
`entrypoints/http/` (anyone, customer, staff; hr and participant come next):
an area lists its links here with the roles that see them, so adding an area
is one entry in `AREAS` and one module.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.identity import Role
from portal.domain.people import BILLED, CUSTOMERS, VALIDATORS, Person


@dataclass(frozen=True)
class Link:
    path: str
    words: str
    """The key of its words in `words.WORDS`."""
    roles: frozenset[str] | None = None
    """Who sees it; None: everyone signed in."""


@dataclass(frozen=True)
class Area:
    name: str
    words: str
    links: tuple[Link, ...]


AREAS: tuple[Area, ...] = (
    Area(
        "customer",
        "nav.area.customer",
        (
            Link("/enrollments", "nav.enrollments", CUSTOMERS),
            Link("/invoices", "nav.invoices", BILLED),
            Link("/prices", "nav.prices", frozenset({Role.ENROLLMENT_MANAGER})),
        ),
    ),
    Area(
        "staff",
        "nav.area.staff",
        (
            Link("/staff/validations", "nav.staff.validations", VALIDATORS),
            Link("/staff/change-requests", "nav.staff.change_requests", VALIDATORS),
            Link("/staff/bookings/new", "nav.staff.phone_booking", VALIDATORS),
            Link("/staff/team", "nav.staff.team", frozenset({Role.ADMIN})),
        ),
    ),
)


def links_for(person: Person | None) -> list[Link]:
    """The catalogue for everyone, then each area's links the person may use."""
    found = [Link("/", "nav.catalogue")]
    if person is None:
        return found
    for area in AREAS:
        found.extend(
            link for link in area.links if link.roles is None or person.has_any(link.roles)
        )
    found.append(Link("/account", "nav.account"))
    return found
