"""`python -m <service> retention [--dry-run] [--json]`: delete now what the windows passed."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from chassis.clock import SystemClock
from chassis.db import Database
from chassis.retention import Pruned, prune, rules_of
from chassis.settings import ServiceSettings

if TYPE_CHECKING:
    from chassis.service import ServiceDefinition


def retention_command(
    definition: ServiceDefinition, settings: ServiceSettings, argv: Sequence[str]
) -> int:
    """Delete the rows older than their retention window, in batches; --dry-run counts them.

    Usage: python -m <service> retention [--dry-run] [--json]

    The same pass every service runs each RETENTION_INTERVAL_SECONDS: published outbox
    rows (OUTBOX_RETENTION_DAYS), inbox rows (INBOX_RETENTION_DAYS) and the service's
    own (e.g. notifications' sent messages), RETENTION_BATCH_SIZE rows per transaction.
    """
    parser = argparse.ArgumentParser(
        prog=f"{definition.name} retention",
        description=retention_command.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    parser.add_argument("--json", action="store_true", help="one JSON document")
    args = parser.parse_args(argv)
    try:
        done = asyncio.run(_prune(definition, settings, dry_run=args.dry_run))
    except (SQLAlchemyError, OSError) as error:
        sys.stderr.write(
            f"cannot prune {definition.name}'s database (is it migrated?): "
            f"{type(error).__name__}: {str(error).splitlines()[0]}\n"
        )
        return 1
    verb = "older than the window" if args.dry_run else "deleted"
    if args.json:
        report = {
            "service": definition.name,
            "dry_run": args.dry_run,
            "rows": {p.name: {"cutoff": p.cutoff.isoformat(), verb: p.rows} for p in done},
        }
        sys.stdout.write(json.dumps(report) + "\n")
        return 0
    for pruned in done:
        sys.stdout.write(
            f"{definition.name} {pruned.name}: {pruned.rows} row(s) {verb} "
            f"(before {pruned.cutoff.isoformat()})\n"
        )
    return 0


async def _prune(
    definition: ServiceDefinition, settings: ServiceSettings, *, dry_run: bool
) -> list[Pruned]:
    db = Database(settings.sqlalchemy_url())
    try:
        return await prune(db, rules_of(definition), settings, SystemClock(), dry_run=dry_run)
    finally:
        await db.dispose()
