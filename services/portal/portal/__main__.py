"""`python -m portal [serve|session-key]`: serve the pages, or print a new session key."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvicorn

from chassis.logs import configure_logging
from chassis.settings import load_settings
from portal.adapters.session_cookie import new_key
from portal.service import create_app
from portal.settings import PortalSettings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description="The web portal")
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the pages (default)")
    serve.add_argument("--host", help="bind address (default: HTTP_HOST setting)")
    serve.add_argument("--port", type=int, help="port (default: HTTP_PORT setting)")
    commands.add_parser(
        "session-key", help="print a new key for PORTAL_SESSION_KEYS (put it first to rotate)"
    )
    args = parser.parse_args(argv)
    if args.command == "session-key":
        print(new_key())
        return 0
    settings = load_settings(PortalSettings, "portal")
    configure_logging("portal", settings.log_format, settings.log_level)
    if not settings.session_keys:
        parser.error("PORTAL_SESSION_KEYS is not set: `python -m portal session-key` makes one")
    uvicorn.run(
        create_app(settings),
        host=getattr(args, "host", None) or settings.http_host,
        port=getattr(args, "port", None) or settings.http_port,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=int(settings.graceful_timeout_seconds),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
