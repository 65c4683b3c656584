"""The log tape and the secrets: every line the security suite logs, and what may never be in one.

The scan at the end of the suite (test_logs_hold_no_secrets.py) reads what the
services logged while every other security test ran, rendered exactly as in
production (`chassis.logs.configure_logging`: JSON, redaction on), and looks
for every password, access token, link token and national register number the
suite handed them. So the tape replaces the root handler's stream for the
session, and `Secrets` is filled by whoever makes such a value.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog

from chassis.logs import configure_logging


class LogTape(io.TextIOBase):
    """A stream that keeps every rendered log line, installed as the root handler's stream."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._partial = ""
        self._restore: Callable[[], None] | None = None

    def write(self, text: str) -> int:
        self._partial += text
        *complete, self._partial = self._partial.split("\n")
        self.lines.extend(line for line in complete if line)
        return len(text)

    def start(self, level: str = "INFO") -> None:
        """Log as production does (JSON, redaction) into this tape until `stop()`; `level`
        DEBUG keeps every line a service may write."""
        previous_config = structlog.get_config()
        root = logging.getLogger()
        previous_handlers, previous_level = root.handlers[:], root.level
        previous_context = structlog.contextvars.get_contextvars()
        configure_logging("security-suite", "json", level)
        root.handlers[0].setStream(self)  # type: ignore[attr-defined]

        def restore() -> None:
            structlog.configure(**previous_config)
            root.handlers[:] = previous_handlers
            root.setLevel(previous_level)
            logging.getLogger("uvicorn.access").disabled = False
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(**previous_context)

        self._restore = restore

    def stop(self) -> None:
        if self._restore is not None:
            self._restore()
            self._restore = None


@dataclass
class Secrets:
    """Values that must never appear in a log line, by kind."""

    found: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        if value:
            self.found.setdefault(kind, set()).add(value)

    def add_token(self, token: str) -> None:
        self.add("access token", token)
        self.add("access token signature", token.rsplit(".", 1)[-1])
