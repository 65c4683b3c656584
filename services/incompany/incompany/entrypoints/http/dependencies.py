"""What every incompany router shares: the typed unit of work, the callers, and the
shapes of the REST contract (UTC instants, ETags, Location; docs/API.md).

Routes raise nothing themselves: the handlers below them raise refusals
(`chassis.refusals`, `incompany.domain.refusals`), which the chassis answers
(`chassis.problems`), with the handler's message as `detail`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Header, Request, Response
from pydantic import AfterValidator

from chassis import problems
from chassis.api import get_unit_of_work, require_roles
from chassis.tokens import Principal
from contracts.identity import Role
from incompany.handlers import Uow

UowDep = Annotated[Uow, Depends(get_unit_of_work)]
"""The request's unit of work, typed by incompany's settings (`uow.settings`)."""


def caller(*roles: Role) -> Any:
    """`Annotated[Principal, ...]`: a caller holding one of `roles` (401 without token, 403)."""
    return Annotated[Principal, Depends(require_roles(*roles))]


NOT_FOUND = {404: {"description": "No such thing, or it belongs to another company"}}


def _in_utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(_in_utc)]
"""An instant in an answer: always UTC, written with `Z` (2027-04-12T07:00:00Z), whatever
offset the client sent; the wall time a person reads is the client's to show."""

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=1000,
        description="The ETag you read: if the resource changed since, 412 and nothing "
        "is changed; without it the update goes through",
    ),
]

ETAG = {
    "ETag": {
        "description": "The version of what you read: send it as If-Match with an update",
        "schema": {"type": "string"},
    }
}
LOCATION = {
    "Location": {"description": "Where the created resource is read", "schema": {"type": "string"}}
}


def tagged(status: int = 200, *others: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` of a route answering a versioned resource with its ETag."""
    return {status: {"headers": ETAG}, **problems.responses(*others)}


def created(*others: int, etag: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` of a route answering 201 with the Location of what it made."""
    headers = {**LOCATION, **(ETAG if etag else {})}
    return {201: {"headers": headers}, **problems.responses(*others)}


def set_etag(response: Response, etag: str) -> None:
    response.headers["ETag"] = etag


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
