"""Safe retries of a POST: the same `Idempotency-Key` and body give the first answer again.

A client that lost an answer (a timeout, a dropped connection) sends the POST
again with the same `Idempotency-Key` header. Within 24 hours, per caller:

- the same key and the same request: the first answer is given again, with
  `Idempotent-Replayed: true`, and nothing is created twice;
- the same key with another request: 422 `idempotency_key_reused`;
- the same key while the first is still being handled: 409
  `idempotency_key_in_use`, with Retry-After.

How it holds under crashes and concurrency: before the request runs, a claim
row `(caller, key)` is committed on its own (the primary key lets one of two
concurrent requests in). The handler's unit of work marks the claim
`committed` in the same transaction as its effects (`UnitOfWork.commit`).
Then the answer is stored. A request that failed before committing (an
answer of 500 or more, or a crash: its claim's lease runs out) releases the
key, so a retry runs again; one that committed never runs twice: should the
process die between its commit and storing its answer, a retry gets 409
`idempotency_outcome_unknown` telling the client to look the resource up.

An answer that carries credentials (accounts' access and refresh tokens) is
marked `Cache-Control: no-store` by its route and never stored: keeping it for
a replay would keep a usable token at rest. Its key is released instead, so a
retry runs again.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import JSON, Column, Integer, LargeBinary, MetaData, String, Table, and_, update

from chassis.db import UTCDateTime

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
LEASE = timedelta(seconds=60)
"""Longer than any request may take (the graceful stop waits 15 s): a claim older than
this whose effects never committed belongs to a request that died."""


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("principal", String(100), primary_key=True),
        Column("key", String(255), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("state", String(12), nullable=False),
        Column("status_code", Integer, nullable=True),
        Column("response_headers", JSON, nullable=True),
        Column("response_body", LargeBinary, nullable=True),
        Column("created_at", UTCDateTime, nullable=False),
        Column("lease_until", UTCDateTime, nullable=False),
    )


@dataclass
class Claim:
    """The key a request holds while it runs; the unit of work marks it committed."""

    table: Table
    principal: str
    key: str
    committed: bool = False

    def where(self) -> Any:
        return and_(self.table.c.principal == self.principal, self.table.c.key == self.key)


current_claim: contextvars.ContextVar[Claim | None] = contextvars.ContextVar(
    "idempotency_claim", default=None
)


async def mark_committed(session: Any, claim: Claim | None) -> None:
    """Called by the unit of work inside its transaction, just before COMMIT."""
    if claim is None:
        return
    await session.execute(update(claim.table).where(claim.where()).values(state="committed"))
