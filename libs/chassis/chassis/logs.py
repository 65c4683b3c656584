"""Structured logging: JSON in production, readable in development, secrets never.

Context (service, request and correlation ids, event id) is bound once in
contextvars and every later line carries it. A redaction step runs last before
rendering, so a careless `log.info(..., password=...)` still prints nothing secret.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from typing import Any, Literal

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

REDACTED = "[redacted]"

_SECRET_KEYS = re.compile(
    r"pass(word)?|secret|token|authorization|cookie|national_register|nrn|private_key|api_key",
    re.IGNORECASE,
)
# A Belgian national register number: YY.MM.DD-XXX.CC, with or without separators.
_NATIONAL_REGISTER_NUMBER = re.compile(r"(?<!\d)\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}(?!\d)")
# A JWT: three base64url segments, the first starting with '{"' encoded.
_JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


def _scrub(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return _scrub_text(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, dict):
        return _scrub_dict(value)
    if isinstance(value, list | tuple):
        return type(value)(_scrub(v) for v in value)
    if isinstance(value, str):
        return _scrub_text(str(value))
    return value


def _scrub_text(text: str) -> str:
    if "eyJ" in text:
        text = _JWT.sub(REDACTED, text)
    return _NATIONAL_REGISTER_NUMBER.sub(REDACTED, text)


def _scrub_dict(values: dict[Any, Any]) -> dict[Any, Any]:
    scrubbed = {}
    for key, value in values.items():
        kind = type(value)
        if _secret_key(key):
            scrubbed[key] = REDACTED
        elif kind is str:
            scrubbed[key] = _scrub_text(value)
        elif kind in _PLAIN:
            scrubbed[key] = value
        else:
            scrubbed[key] = _scrub(value)
    return scrubbed


_PLAIN = frozenset({int, float, bool, type(None)})
"""What cannot hold a secret: returned as is, without a look."""


@functools.lru_cache(maxsize=4096)
def _secret_key(key: Any) -> bool:
    """Whether a key names a secret: the keys of log lines are few, each looked at once."""
    return _SECRET_KEYS.search(str(key)) is not None


def redact_secrets(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Mask values under secret-looking keys, and NRN- or token-shaped text anywhere."""
    return _scrub_dict(event_dict)


def configure_logging(
    service: str,
    fmt: Literal["json", "console"] = "json",
    level: str = "INFO",
) -> None:
    """Configure structlog and route the standard library's loggers through it."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact_secrets,
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        # A line below the level is dropped before any processor runs: a DEBUG line on
        # a hot path (FastStream's per-message lines) then costs a level check only.
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    # No line shows the caller's file, thread or process: the standard library need not
    # find them for every record (a frame walk and two system calls; "Optimization" in
    # the logging HOWTO).
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Uvicorn's access log repeats what the request middleware logs, with the query string.
    logging.getLogger("uvicorn.access").disabled = True
    structlog.contextvars.bind_contextvars(service=service)
