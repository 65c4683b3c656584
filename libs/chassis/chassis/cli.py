"""Each service's own entry point: `<service> serve` (the default), `<service> migrate`,
and the operator's commands: the chassis' own (`dead-letters`, `outbox`, see
`chassis.operations`) and the service's `ServiceDefinition.commands`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvicorn

from chassis.logs import configure_logging
from chassis.migrations import upgrade
from chassis.operations import operator_commands
from chassis.service import ServiceDefinition, create_app
from chassis.settings import load_settings


def main(definition: ServiceDefinition, argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=definition.name, description=definition.title)
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the REST API and consume events (default)")
    serve.add_argument("--host", help="bind address (default: HTTP_HOST setting)")
    serve.add_argument("--port", type=int, help="port (default: HTTP_PORT setting)")
    commands.add_parser("migrate", help="bring the database schema up to date, then exit")
    # The service's own commands win over the chassis' ones of the same name.
    operator = {**operator_commands(definition), **definition.commands}
    for name, command in operator.items():
        summary = (command.__doc__ or name).strip().splitlines()[0]
        commands.add_parser(name, help=summary, add_help=False)
    args, rest = parser.parse_known_args(argv)

    settings = load_settings(definition.settings_class, definition.name)
    configure_logging(definition.name, settings.log_format, settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if args.command == "migrate":
        upgrade(definition.migrations, settings.sqlalchemy_url())
        return 0
    if args.command in operator:
        return operator[args.command](settings, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    uvicorn.run(
        create_app(definition, settings),
        host=getattr(args, "host", None) or settings.http_host,
        port=getattr(args, "port", None) or settings.http_port,
        log_config=None,
        proxy_headers=True,
        # The proxies whose X-Forwarded-* uvicorn believes: the same as the chassis's
        # (chassis.client_address), never "*", which takes a client's own header.
        forwarded_allow_ips=list(settings.trusted_proxies),
        timeout_graceful_shutdown=int(settings.graceful_timeout_seconds),
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run a service's own entry point, e.g. `python -m accounts`")
