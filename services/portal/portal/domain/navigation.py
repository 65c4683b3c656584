"""The areas of the portal and who sees each in the navigation.

One area per kind of person, each served by its own module under
`entrypoints/http/` (anyone, customer, staff, incompany_staff, hr, participant):
an area lists its links here with the roles that see them, so adding an area
is one entry in `AREAS` and one module.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.identity import Role
from portal.domain.people import (
    ATTESTATION_REVIEWERS,
    BILLED,
    CUSTOMERS,
    OFFICE_STAFF,
    VALIDATORS,
    Person,
)


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
    Area(
        "incompany_staff",
        "nav.area.incompany_staff",
        (
            Link("/staff/incompany", "nav.staff.planning", OFFICE_STAFF),
            Link("/staff/attestations", "nav.staff.attestations", ATTESTATION_REVIEWERS),
            Link("/staff/groups", "nav.staff.groups", OFFICE_STAFF),
        ),
    ),
    Area(
        "hr",
        "nav.area.hr",
        (
            Link("/hr/groups", "nav.hr.groups", frozenset({Role.HR})),
            Link("/hr/requests", "nav.hr.requests", frozenset({Role.HR})),
            Link("/hr/attestation", "nav.hr.attestation", frozenset({Role.HR})),
        ),
    ),
    Area(
        "participant",
        "nav.area.participant",
        (Link("/trainings", "nav.trainings", frozenset({Role.PARTICIPANT})),),
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
