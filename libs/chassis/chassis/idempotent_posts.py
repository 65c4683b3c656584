"""The `Idempotency-Key` header on POSTs: claim, run once, store, replay (chassis.idempotency).

A plain ASGI middleware inside the request limits, so the body it reads is
already bounded. Its rules and guarantees are told in `chassis.idempotency`.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chassis.idempotency import HEADER, KEPT_FOR, LEASE, Claim, current_claim
from chassis.problems import send_problem
from chassis.tokens import InvalidToken

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("chassis.idempotency")

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
REPLAYED_HEADERS = ("content-type", "location", "etag", "content-language", "link")


class IdempotentPosts:
    """A plain ASGI middleware: claims, replays or refuses POSTs that carry the header."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime
        self.table = runtime.delivery.idempotency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        if not KEY_PATTERN.match(key):
            await _problem(
                scope,
                send,
                400,
                "invalid_idempotency_key",
                f"{HEADER}: 1 to 255 visible ASCII characters",
            )
            return
        principal = self._principal(scope)
        if principal is None:  # a bad token: the route answers 401, nothing to remember
            await self.app(scope, receive, send)
            return
        body = await _read(receive)
        digest = _digest(scope, body)
        claim = Claim(self.table, principal, key)
        outcome = await self._claim(claim, digest)
        if outcome != "run":
            await self._refuse_or_replay(scope, send, claim, outcome)
            return
        await self._run(scope, body, send, claim)

    def _principal(self, scope: Scope) -> str | None:
        authorization = _header(scope, b"authorization")
        if authorization is None:
            return "anonymous"
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or self.runtime.tokens is None:
            return None
        try:
            return str(self.runtime.tokens.verify(token.strip()).user_id)
        except InvalidToken:
            return None

    async def _claim(self, claim: Claim, digest: str) -> str:
        """'run' when this request holds the key now; else why not (see the module)."""
        now = self.runtime.clock.now()
        table = self.table
        for _ in range(3):
            async with self.runtime.db.sessions() as session, session.begin():
                row = (
                    await session.execute(select(table).where(claim.where()).with_for_update())
                ).one_or_none()
                if row is not None and row.created_at < now - KEPT_FOR:
                    await session.execute(delete(table).where(claim.where()))
                    row = None
                if row is None:
                    try:
                        async with session.begin_nested():
                            await session.execute(
                                insert(table).values(
                                    principal=claim.principal,
                                    key=claim.key,
                                    request_hash=digest,
                                    state="processing",
                                    created_at=now,
                                    lease_until=now + LEASE,
                                )
                            )
                    except IntegrityError:
                        continue  # a concurrent request claimed it first: read its row
                    return "run"
                if row.request_hash != digest:
                    return "reused"
                if row.state == "completed":
                    return "replay"
                if row.state == "committed":
                    return "unknown"
                if row.lease_until > now:
                    return "in_use"
                await session.execute(  # the request that held it died before committing
                    update(table).where(claim.where()).values(lease_until=now + LEASE)
                )
                return "run"
        return "in_use"

    async def _run(self, scope: Scope, body: bytes, send: Send, claim: Claim) -> None:
        started: Message = {}
        chunks: list[bytes] = []

        async def replay_body() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        token = current_claim.set(claim)
        try:
            await self.app(scope, replay_body, capture)
        finally:
            current_claim.reset(token)
            await self._settle(claim, started, b"".join(chunks))

    async def _settle(self, claim: Claim, started: Message, body: bytes) -> None:
        status = int(started.get("status", 500))
        async with self.runtime.db.sessions() as session, session.begin():
            if (status >= 500 and not claim.committed) or _not_to_be_stored(started):
                await session.execute(delete(self.table).where(claim.where()))
                return
            headers = {
                name.decode("latin-1"): value.decode("latin-1")
                for name, value in started.get("headers", [])
                if name.decode("latin-1").lower() in REPLAYED_HEADERS
            }
            await session.execute(
                update(self.table)
                .where(claim.where())
                .values(
                    state="completed",
                    status_code=status,
                    response_headers=headers,
                    response_body=body,
                )
            )

    async def _refuse_or_replay(self, scope: Scope, send: Send, claim: Claim, why: str) -> None:
        if why == "replay":
            async with self.runtime.db.sessions() as session:
                row = (await session.execute(select(self.table).where(claim.where()))).one()
            headers = [
                (k.encode("latin-1"), v.encode("latin-1")) for k, v in row.response_headers.items()
            ]
            headers.append((b"idempotent-replayed", b"true"))
            await send(
                {"type": "http.response.start", "status": row.status_code, "headers": headers}
            )
            await send({"type": "http.response.body", "body": row.response_body or b""})
            return
        status, code, detail = {
            "reused": (
                422,
                "idempotency_key_reused",
                f"this {HEADER} was used for another request; use a new key",
            ),
            "in_use": (
                409,
                "idempotency_key_in_use",
                f"a request with this {HEADER} is still being handled; retry shortly",
            ),
            "unknown": (
                409,
                "idempotency_outcome_unknown",
                f"the request with this {HEADER} was done but its answer was lost; "
                "look the resource up instead of retrying",
            ),
        }[why]
        await _problem(
            scope, send, status, code, detail, retry_after=1 if why == "in_use" else None
        )


def _not_to_be_stored(started: Message) -> bool:
    """An answer its route marks `Cache-Control: no-store` holds credentials (accounts'
    tokens): it is never kept for a replay, which would keep them at rest. The key is
    released instead, so a retry runs again (a login makes another session)."""
    for name, value in started.get("headers", []):
        if name.lower() == b"cache-control" and b"no-store" in value.lower():
            return True
    return False


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _read(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _digest(scope: Scope, body: bytes) -> str:
    """What makes two requests the same: method, path, query, and the body; a multipart
    body's boundary (chosen afresh by each attempt) does not count."""
    content_type = _header(scope, b"content-type") or ""
    _, _, boundary = content_type.partition("boundary=")
    if boundary:
        body = body.replace(boundary.strip('"').encode("latin-1"), b"BOUNDARY")
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode()):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    return digest.hexdigest()


async def _problem(
    scope: Scope, send: Send, status: int, code: str, detail: str, retry_after: int | None = None
) -> None:
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    await send_problem(scope, send, status, code, detail, headers=headers)
