"""Who may call billing's routes, and the shapes of the REST contract (UTC instants,
Location on 201; docs/API.md).

Staff issue invoices and look up billables, readers read one document
(`domain/access.py`); anyone else is refused with 403 before the route runs.
The lists take any caller: a customer sees their own, anyone else an empty page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response
from pydantic import AfterValidator

from billing.domain.access import BILLING_STAFF, READERS
from chassis import problems
from chassis.api import require_roles
from chassis.tokens import Principal
from chassis.wire_types import InstantIn

Staff = Annotated[Principal, Depends(require_roles(*BILLING_STAFF))]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]


def _in_utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(_in_utc)]
"""An instant in an answer: always UTC, written with `Z`, like every service's."""

Since = Annotated[InstantIn | None, Query(description="Included; with its offset")]
Until = Annotated[InstantIn | None, Query(description="Excluded; with its offset")]

LOCATION = {
    "Location": {"description": "Where the created resource is read", "schema": {"type": "string"}}
}


def created(*others: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` of a route answering 201 with the Location of what it made."""
    return {201: {"headers": LOCATION}, **problems.responses(*others)}


def set_location(request: Request, response: Response, route: str, **ids: Any) -> None:
    """`Location`: the path of route `route` with `ids` (behind the gateway's prefix too)."""
    path = request.url_for(route, **{k: str(v) for k, v in ids.items()}).path
    response.headers["Location"] = path
