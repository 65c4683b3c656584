"""What enrollment's routes ask FastAPI for: a typed unit of work, callers by role, and the
shapes of the REST contract (UTC instants, Location on 201; docs/API.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from pydantic import AfterValidator

from chassis import problems
from chassis.api import get_unit_of_work, require_roles
from chassis.tokens import Principal
from contracts.identity import Role
from enrollment.handlers import Uow

UowDep = Annotated[Uow, Depends(get_unit_of_work)]

Staff = Annotated[Principal, Depends(require_roles(Role.CUSTOMER_SERVICE, Role.ADMIN))]
"""Customer service and admins: validation, agreements, change requests."""
Planner = Annotated[
    Principal, Depends(require_roles(Role.PLANNER, Role.CUSTOMER_SERVICE, Role.ADMIN))
]
"""Who manages the catalogue."""
Booker = Annotated[
    Principal,
    Depends(
        require_roles(Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.CUSTOMER_SERVICE, Role.ADMIN)
    ),
]
"""Who may place a booking request at all; for whom is the domain's rule (R-A2)."""


def _in_utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(_in_utc)]
"""An instant in an answer: always UTC, written with `Z` (2027-04-12T07:00:00Z), like every
service's; the Paris wall time a person reads is the client's to show."""

LOCATION = {
    "Location": {"description": "Where the created resource is read", "schema": {"type": "string"}}
}


def created(*others: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` of a route answering 201 with the Location of what it made."""
    return {201: {"headers": LOCATION}, **problems.responses(*others)}


def set_location(
    request: Request,
    response: Response,
    route: str,
    query: dict[str, str] | None = None,
    **ids: Any,
) -> None:
    """`Location`: the path of route `route` with `ids` (behind the gateway's prefix too)."""
    path = request.url_for(route, **{k: str(v) for k, v in ids.items()}).path
    response.headers["Location"] = f"{path}?{urlencode(query)}" if query else path
