"""The table of routes the services serve, read from their FastAPI apps, never written by hand.

The authorization matrix and the OpenAPI fuzzer cover every route of every
service; reading the routes from the apps themselves means a new endpoint is
in the table the moment it exists, and fails the matrix until someone decides
who may call it. The apps are built and never started: no database is opened
(the URL is a placeholder), only the routers are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from chassis.service import ServiceDefinition, create_app


def unstarted_apps(
    definitions: Iterable[ServiceDefinition],
) -> Iterator[tuple[ServiceDefinition, FastAPI]]:
    """Each service's app, built with placeholder settings and never started."""
    for definition in definitions:
        settings = definition.settings_class.model_validate(
            {"service_name": definition.name, "database_url": "sqlite:///unused.sqlite3"}
        )
        yield definition, create_app(definition, settings)


def route_key(service: str, method: str, path: str) -> str:
    """How the matrix names a route: `enrollment GET /bookings/{booking_id}`."""
    return f"{service} {method} {path}"


def served_routes(definitions: Iterable[ServiceDefinition]) -> list[tuple[str, str, str]]:
    """(service, method, path) of every route the services' apps serve (HEAD aside)."""
    found = []
    for definition, app in unstarted_apps(definitions):
        for route in iter_route_contexts(app.routes):
            methods = route.methods or {"GET"}
            for method in sorted(methods - {"HEAD"}):
                found.append((definition.name, method, route.path or ""))
    return found


def routes_reading_a_body(definitions: Iterable[ServiceDefinition]) -> dict[str, set[str]]:
    """Route key -> {"body"} if the route reads a body (JSON or form), else an empty set."""
    found: dict[str, set[str]] = {}
    for definition, app in unstarted_apps(definitions):
        for route in iter_route_contexts(app.routes):
            original = route.original_route
            if isinstance(original, APIRoute):
                has_body = bool(original.dependant.body_params) or any(
                    d.body_params for d in original.dependant.dependencies
                )
                for method in route.methods or ():
                    found[route_key(definition.name, method, route.path or "")] = (
                        {"body"} if has_body else set()
                    )
    return found
