"""The cost of one access log line, as the services log it (issue 17).

    uv run python -m bench.log_line [N]

Configures logging as `python -m <service>` does (JSON, INFO), sends the handler's
output to /dev/null, binds a correlation id as the request middleware does, and times
N calls of the access line and of a filtered DEBUG call (time.process_time per call).
"""

from __future__ import annotations

import logging
import os
import sys
import time

import structlog

from chassis.http import log_request
from chassis.logs import configure_logging


def per_call(n: int, call: object) -> float:
    started = time.process_time()
    for _ in range(n):
        call()  # type: ignore[operator]
    return (time.process_time() - started) / n * 1e6


def main(n: int) -> None:
    configure_logging("enrollment", "json", "INFO")
    sink = open(os.devnull, "w")  # noqa: SIM115 - held for the whole run
    for handler in logging.getLogger().handlers:
        handler.setStream(sink)  # type: ignore[attr-defined]
    structlog.contextvars.bind_contextvars(correlation_id="3f2a9c0d8e7b4a6f9c1d2e3f4a5b6c7d")
    scope = {"method": "POST", "path": "/bookings", "root_path": ""}
    debug = structlog.get_logger("enrollment")
    for _ in range(2):  # the second round is the one reported
        access = per_call(n, lambda: log_request(scope, 201, 0.0123))
        filtered = per_call(n, lambda: debug.debug("booking requested", count=1))
    sys.stdout.write(
        f"access line (INFO, JSON): {access:.1f} us a call\n"
        f"filtered DEBUG call: {filtered:.2f} us a call\n"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
