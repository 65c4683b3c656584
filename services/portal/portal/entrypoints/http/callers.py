"""Who calls: the services' API for this browser's session, and the pages that need a
signed-in person (else the login page, coming back after)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import httpx
from fastapi import Depends, Request

from portal.adapters.api import Api
from portal.domain.people import Person
from portal.entrypoints.http.pages import here, language_of, session_of

# Every dependency is `async def`: a plain `def` would run in FastAPI's thread pool
# (tests/test_no_thread_hops.py).


class SignInRequired(Exception):
    """The page needs a signed-in person: the login page, then back to `next`."""

    def __init__(self, next_path: str, expired: bool = False) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.expired = expired


class NotForYou(Exception):
    """Signed in, but this area is for other roles."""


async def api_of(request: Request) -> Api:
    client: httpx.AsyncClient = request.app.state.api_client
    api = Api(
        client,
        session_of(request).tokens(),
        language_of(request),
        request.app.state.platform_time,
    )
    request.state.api = api
    return api


ApiDep = Annotated[Api, Depends(api_of)]


async def signed_in(request: Request) -> Person:
    person = session_of(request).signed_in()
    if person is None:
        raise SignInRequired(here(request))
    return person


PersonDep = Annotated[Person, Depends(signed_in)]


def with_roles(roles: Iterable[str]):  # type: ignore[no-untyped-def]
    wanted = frozenset(roles)

    async def check(person: PersonDep) -> Person:
        if not person.has_any(wanted):
            raise NotForYou()
        return person

    return check
