"""`python -m <service> outbox`: what waits to be published, the oldest first."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from chassis.clock import SystemClock
from chassis.db import Database
from chassis.outbox import read_backlog
from chassis.settings import ServiceSettings

if TYPE_CHECKING:
    from chassis.service import ServiceDefinition


def outbox_command(
    definition: ServiceDefinition, settings: ServiceSettings, argv: Sequence[str]
) -> int:
    """Show the outbox backlog: rows not yet published, the oldest first.

    Usage: python -m <service> outbox [--limit N] [--json]
    """
    parser = argparse.ArgumentParser(
        prog=f"{definition.name} outbox", description=outbox_command.__doc__
    )
    parser.add_argument("--limit", type=int, default=10, help="oldest rows shown (default 10)")
    parser.add_argument("--json", action="store_true", help="one JSON document")
    args = parser.parse_args(argv)
    try:
        report = asyncio.run(_outbox_report(definition, settings, max(0, args.limit)))
    except (SQLAlchemyError, OSError) as error:
        sys.stderr.write(
            f"cannot read the outbox of {definition.name} (is the database migrated?): "
            f"{type(error).__name__}: {str(error).splitlines()[0]}\n"
        )
        return 1
    if args.json:
        _write_line(json.dumps(report))
        return 0
    _write_line(f"{definition.name} outbox: {report['pending']} pending")
    if report["pending"]:
        _write_line(
            f"oldest: {report['oldest_created_at']} ({report['oldest_age_seconds']:.0f}s ago)"
        )
        for name, count in report["by_event"].items():
            _write_line(f"  {count:>6}  {name}")
        for row in report["oldest"]:
            _write_line(
                f"  #{row['id']} {row['name']} created_at={row['created_at']} "
                f"attempts={row['attempts']} last_error={(row['last_error'] or '')[:200]}"
            )
    return 0


async def _outbox_report(
    definition: ServiceDefinition, settings: ServiceSettings, limit: int
) -> dict[str, Any]:
    db = Database(settings.sqlalchemy_url())
    table = definition.delivery.outbox
    t = table.c
    try:
        backlog = await read_backlog(db, table)
        async with db.session() as session:
            by_event = (
                await session.execute(
                    select(t.name, func.count())
                    .where(t.published_at.is_(None))
                    .group_by(t.name)
                    .order_by(func.count().desc())
                )
            ).all()
            oldest = (
                await session.execute(
                    select(t.id, t.name, t.created_at, t.attempts, t.last_error)
                    .where(t.published_at.is_(None))
                    .order_by(t.id)
                    .limit(limit)
                )
            ).all()
    finally:
        await db.dispose()
    now = SystemClock().now()
    created = backlog.oldest_created_at
    return {
        "service": definition.name,
        "pending": backlog.pending,
        "oldest_created_at": created.isoformat() if created else None,
        "oldest_age_seconds": (now - created).total_seconds() if created else 0.0,
        "by_event": {name: count for name, count in by_event},
        "oldest": [
            {
                "id": row.id,
                "name": row.name,
                "created_at": _iso(row.created_at),
                "attempts": row.attempts,
                "last_error": row.last_error,
            }
            for row in oldest
        ],
    }


def _write_line(text: str) -> None:
    # The operator's output, not a log line.
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return str(value)
