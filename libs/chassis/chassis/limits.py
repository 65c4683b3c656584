"""Request limits: how big a body and how deep a JSON document a service accepts.

One ASGI middleware for every service, so a client cannot make a service hold
an unbounded body in memory or recurse through an absurdly nested document
(OWASP ASVS 5.0, V4 "API and web service": limit request size and structure).

- A body larger than its limit is refused with 413 before the endpoint runs:
  at once when `Content-Length` announces it, else as soon as the bytes read
  exceed it (chunked bodies). Multipart uploads (documents) have their own,
  larger limit; every other body has `max_request_bytes`.
- A JSON body nested deeper than `max_json_depth` is refused with 422. Without
  this, Python's parser gives up near depth 1000 with a 400 that names nothing,
  and a shallower but deep document costs validation time for no reason.

FastAPI's own `max_body_size` limits size only, with one limit for every body;
this middleware puts both rules, and their messages, in one place.
"""

from __future__ import annotations

import operator
import re
from itertools import accumulate

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chassis.problems import send_problem

_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_TWO_FOR_OPENING = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings
    do not count). Malformed text gets a number too; the parser refuses it later."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    # After the i-th bracket the depth is openings - closings = 2 * openings - i, and
    # 2 * openings is the running sum of 2 per opening and 0 per closing: C-speed sums.
    twice_openings = accumulate(brackets.translate(_TWO_FOR_OPENING))
    return max(map(operator.sub, twice_openings, range(1, len(brackets) + 1)))


def nests_deeper_than(body: bytes, depth: int) -> bool:
    if body.count(b"[") + body.count(b"{") <= depth:  # cannot: skip the scan
        return False
    return json_depth(body) > depth


class RequestLimits:
    """Refuse bodies over their size limit (413) and JSON deeper than `max_json_depth` (422)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_request_bytes: int,
        max_upload_bytes: int,
        max_json_depth: int,
    ) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes
        self.max_upload_bytes = max_upload_bytes
        self.max_json_depth = max_json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        is_upload = content_type == b"multipart/form-data"
        limit = self.max_upload_bytes if is_upload else self.max_request_bytes
        what = "an upload" if is_upload else "a request body"
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, 413, f"{what} may not exceed {limit} bytes", limit=limit)
            return
        try:
            body = await _read_body(receive, limit)
        except _TooLarge:
            await _refuse(scope, send, 413, f"{what} may not exceed {limit} bytes", limit=limit)
            return
        except _Disconnected:
            return  # the client is gone: nothing to answer
        is_json = content_type == b"application/json" or content_type.endswith(b"+json")
        if is_json and nests_deeper_than(body, self.max_json_depth):
            await _refuse(
                scope,
                send,
                422,
                f"the JSON body may not nest deeper than {self.max_json_depth} levels",
            )
            return
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive, limit: int) -> bytes:
    """The whole body (held in memory, at most `limit` bytes)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _Disconnected()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """Give the app the body already read, then whatever comes next (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _refuse(scope: Scope, send: Send, status: int, detail: str, **params: object) -> None:
    """Answer with a problem (chassis.problems) before the app sees the request."""
    code = {413: "content_too_large", 422: "invalid"}.get(status, "bad_request")
    await send_problem(
        scope, send, status, code, detail, params=params, headers={"Connection": "close"}
    )
