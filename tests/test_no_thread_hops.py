"""No endpoint, dependency or consumer handler of any service is a plain `def`.

FastAPI runs a plain `def` endpoint or dependency in its thread pool: one thread
hop per call, which on a request doing a few database round trips costs more
CPU than the work (a booking used to hop four times before reaching its
handler). Blocking work has no place on the event loop either: it goes through
`asyncio.to_thread` explicitly (accounts' Argon2 hashing), so every callable
FastAPI resolves must be a coroutine (or async generator) function.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from devstack.__main__ import SERVICES, build_gateway

ALLOWED_SYNC: dict[str, str] = {}
"""`module:qualname` of a callable that must stay a plain `def`, with the reason why."""


def is_async(call: Callable[..., Any]) -> bool:
    if not (inspect.isfunction(call) or inspect.ismethod(call)) and callable(call):
        call = call.__call__  # an instance used as a dependency: HTTPBearer(...)
    return inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)


def name_of(call: Callable[..., Any]) -> str:
    return f"{getattr(call, '__module__', '?')}:{getattr(call, '__qualname__', repr(call))}"


def callables(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    """The endpoint and every dependency under it, however deep."""
    if dependant.call is not None:
        yield dependant.call
    for sub in dependant.dependencies:
        yield from callables(sub)


def service_apps(data_dir: Path) -> dict[str, FastAPI]:
    """Each service's app, and the portal's (mounted at `/`), built as `make run` builds
    them (nothing connects until started)."""
    gateway = build_gateway("amqp://guest:guest@127.0.0.1:1/", False, data_dir)
    return {
        route.path.strip("/") or "portal": route.app
        for route in gateway.routes
        if isinstance(route, Mount) and isinstance(route.app, FastAPI)
    }


def test_every_service_app_is_checked(tmp_path: Path) -> None:
    assert set(service_apps(tmp_path)) == {d.name for d in SERVICES} | {"portal"}


def test_no_route_or_dependency_runs_in_the_thread_pool(tmp_path: Path) -> None:
    sync: dict[str, str] = {}
    checked = 0
    for service, app in service_apps(tmp_path).items():
        for route in iter_route_contexts(app.routes):
            dependant = getattr(route, "dependant", None)
            if dependant is None:
                continue  # /docs, /openapi.json: Starlette routes FastAPI serves itself
            for call in callables(dependant):
                checked += 1
                if not is_async(call) and name_of(call) not in ALLOWED_SYNC:
                    sync.setdefault(name_of(call), f"{service} {route.path}")
    assert checked > 100  # the walk did reach the routes and their dependencies
    assert not sync, "plain `def` run in the thread pool (make them async def):\n" + "\n".join(
        f"  {name}, first seen on {where}" for name, where in sorted(sync.items())
    )


def test_every_consumer_handler_is_a_coroutine_function() -> None:
    sync = [
        f"{d.name}: {name_of(c.handler)}"
        for d in SERVICES
        for c in d.consumers
        if not inspect.iscoroutinefunction(c.handler)
    ]
    assert not sync, sync
