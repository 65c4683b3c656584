"""FastAPI dependencies every service's endpoints use: runtime, unit of work, caller.

Every dependency is `async def`: FastAPI runs a plain `def` one in its thread pool,
a thread hop per dependency per request, which costs more than the work itself
(verifying an Ed25519 token takes some 50 microseconds of CPU and no I/O).
`tests/test_no_thread_hops.py` keeps every service's routes that way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chassis.client_address import client_address
from chassis.pages import DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest
from chassis.refusals import Forbidden, Unauthenticated, Unavailable
from chassis.service import Runtime
from chassis.tokens import InvalidToken, Principal, SessionEnded
from chassis.unit_of_work import UnitOfWork
from contracts.identity import Role

_bearer = HTTPBearer(auto_error=False, description="Access token issued by accounts")
_optional_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="OptionalBearer",
    description="Access token issued by accounts, optional: without one you are anonymous",
)


async def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_unit_of_work(runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield uow


UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work)]


async def get_principal(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthenticated("authentication required")
    if runtime.tokens is None:
        raise Unavailable("token verification is not configured", code="not_configured")
    try:
        return runtime.tokens.verify(credentials.credentials)
    except SessionEnded as error:
        raise Unauthenticated(str(error), code="session_ended") from error
    except InvalidToken as error:
        raise Unauthenticated(f"invalid access token: {error}", code="invalid_token") from error


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_optional_principal(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)],
) -> Principal | None:
    """The caller when a token is sent (and it must then be valid), else None: public pages."""
    if credentials is None:
        return None
    return await get_principal(runtime, credentials)


OptionalPrincipalDep = Annotated[Principal | None, Depends(get_optional_principal)]


async def get_client_address(request: Request, runtime: RuntimeDep) -> str:
    """The caller's address, from the gateway's headers when it came through a trusted
    proxy (`chassis.client_address`): what per-client limits count by."""
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers, runtime.settings.trusted_proxies)


ClientAddressDep = Annotated[str, Depends(get_client_address)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through only callers holding one of `roles`."""

    async def check(principal: PrincipalDep) -> Principal:
        if not principal.has_any(*roles):
            allowed = ", ".join(sorted(r.value for r in roles))
            raise Forbidden(
                f"this action needs one of: {allowed}",
                code="role_required",
                params={"roles": allowed},
            )
        return principal

    return check


async def get_page_request(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(min_length=1, max_length=512, description="From the previous page's next_cursor"),
    ] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


PageRequestDep = Annotated[PageRequest, Depends(get_page_request)]

T = TypeVar("T")


def page_answer(
    request: Request, response: Response, items: Sequence[T], next_cursor: str | None
) -> Page[T]:
    """The page with the URL of the next one, in the body and as a `Link` header."""
    following = None
    if next_cursor is not None:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        query.append(("cursor", next_cursor))
        following = f"{request.url.path}?{urlencode(query)}"
        response.headers["Link"] = f'<{following}>; rel="next"'
    return Page[T](items=list(items), next_cursor=next_cursor, next=following)
