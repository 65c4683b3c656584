"""The correlation id: taken from the HTTP request (or created), carried in events.

It lives in structlog's contextvars, so every log line of the request, of the
outbox rows it writes and of the consumer that handles them shows the same id.
"""

from __future__ import annotations

import re
import uuid

import structlog

HEADER = "X-Correlation-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def accept_correlation_id(candidate: str | None) -> str:
    """The caller's id when it is safe to log and carry, else a fresh one."""
    if candidate and _VALID.match(candidate):
        return candidate
    return new_correlation_id()


def current_correlation_id() -> str:
    """The id bound in this context, or a new one for work no request started."""
    bound = structlog.contextvars.get_contextvars().get("correlation_id")
    return bound if isinstance(bound, str) else new_correlation_id()
