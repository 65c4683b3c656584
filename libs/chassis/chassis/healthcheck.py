"""The container's health check: `python -m chassis.healthcheck` (Dockerfile HEALTHCHECK).

Asks the service in the same container for `/health/live` on `HTTP_PORT` (default
8000) and exits 0 when it answers 200, else 1. Only the standard library: it runs
every few seconds and must start fast.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

PATH = "/health/live"


def main() -> int:
    port = os.environ.get("HTTP_PORT", "8000")
    url = f"http://127.0.0.1:{port}{PATH}"
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return 0 if answer.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        sys.stderr.write(f"{url}: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
