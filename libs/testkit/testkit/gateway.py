"""Services behind one address over real HTTP, under their gateway prefixes.

What a client outside the platform meets: `http://127.0.0.1:<port>/accounts/...`,
`/enrollment/...`, served by uvicorn on a free local port (the gateway of
production is replaced by path prefixes, as `make run` does). The services'
lifespans are the caller's (`testkit.services.running_service`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Iterable, Mapping

import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp

from chassis.sealing import LinkSealer
from chassis.service import Runtime
from testkit.services import wait_until


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def served(apps: Mapping[str, ASGIApp]) -> AsyncIterator[str]:
    """Each app mounted at `/<prefix>`, over real HTTP; the gateway's address."""
    gateway = Starlette(routes=[Mount(f"/{prefix}", app=app) for prefix, app in apps.items()])
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            gateway,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_config=None,
            timeout_graceful_shutdown=5,
        )
    )
    serving = asyncio.create_task(server.serve())
    try:

        async def started() -> bool:
            if serving.done():
                serving.result()  # raises what stopped the server
            return bool(server.started)

        await wait_until(started, message="the HTTP server")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def emailed_token(runtime: Runtime, sealing_key: str, names: Iterable[str]) -> str:
    """The token of the newest single-use link accounts committed in an event of one of
    these names, opened as notifications opens it to write the email."""
    wanted = tuple(names)
    outbox = runtime.delivery.outbox
    async with runtime.db.sessions() as session:
        rows = await session.execute(
            select(outbox.c.body).where(outbox.c.name.in_(wanted)).order_by(outbox.c.id)
        )
        events = [json.loads(body)["payload"] for (body,) in rows]
    assert events, f"accounts committed no event named {wanted}"
    event = events[-1]
    link = event.get("verification") or event["link"]
    return LinkSealer.from_setting(sealing_key).unseal(
        link["sealed_token"], purpose=link["purpose"], subject=event["user_id"]
    )
