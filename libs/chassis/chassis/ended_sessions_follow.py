"""The running service's side of `chassis.ended_sessions`: the consumer of
`accounts.sessions.ended.v1`, and the rereading that lets every replica refuse a session
another replica learnt of."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog

from chassis.consumers import Consumer
from contracts.accounts import SessionsEndedV1
from contracts.topology import ENDED_SESSIONS

if TYPE_CHECKING:
    from chassis.service import Runtime
    from chassis.unit_of_work import UnitOfWork

log = structlog.get_logger("chassis.ended_sessions")

FOLLOW_SECONDS = 1.0
"""How often a replica rereads the ended sessions another replica consumed."""


def ended_consumer(runtime: Runtime) -> Consumer | None:
    """The chassis's consumer of `accounts.sessions.ended.v1` for this service, if any."""
    queue = next(
        (q for q in ENDED_SESSIONS if q.name.startswith(f"{runtime.definition.name}.")), None
    )
    if queue is None:
        return None

    async def on_ended(event: SessionsEndedV1, uow: UnitOfWork) -> None:
        await runtime.ended_sessions.record(uow.session, event)
        await uow.commit()
        runtime.ended_sessions.remember(
            [str(s) for s in event.session_ids], event.tokens_valid_until
        )
        log.info("sessions ended", sessions=len(event.session_ids), reason=event.reason)

    return Consumer(queue=queue, handler=on_ended)


async def load(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await runtime.ended_sessions.reload(session)


async def follow(runtime: Runtime, stopping: asyncio.Event) -> None:
    """Reread the ended sessions every `FOLLOW_SECONDS`, as long as the service runs."""
    while not stopping.is_set():
        try:
            await load(runtime)
        except Exception as error:  # the database is away: the sessions known are kept
            log.warning("ended sessions not read", error=repr(error)[:300])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=FOLLOW_SECONDS)
