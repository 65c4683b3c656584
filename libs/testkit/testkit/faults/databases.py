"""The services' own databases, read and written directly, behind the services' backs.

The ledger judges what the services committed, not what they answered, so it
reads their tables itself: one plain asyncpg connection per query, never a
service's pool and never the TCP proxy a scenario may have cut. A scenario
also writes through here to tamper (proving the ledger can fail) or to repair
(as an operator restoring a row would).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import asyncpg


class ServiceDatabases:
    """Direct access to each service's database, by service name."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        """The services' own URLs (`postgresql+asyncpg://`), never proxied."""

    async def fetch(self, service: str, query: str, *args: Any) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self._plain(service))
        try:
            return list(await connection.fetch(query, *args))
        finally:
            await connection.close()

    async def execute(self, service: str, script: str) -> None:
        connection = await asyncpg.connect(self._plain(service))
        try:
            await connection.execute(script)
        finally:
            await connection.close()

    async def max_outbox_id(self, service: str) -> int:
        """The newest outbox row: a watermark for "everything committed so far"."""
        [row] = await self.fetch(service, "SELECT coalesce(max(id), 0) AS id FROM outbox")
        return int(row["id"])

    async def unpublished(self, services: Iterable[str]) -> dict[str, int]:
        """Outbox rows not yet published, per service."""
        counts = {}
        for service in services:
            [row] = await self.fetch(
                service, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL"
            )
            counts[service] = int(row["n"])
        return counts

    def _plain(self, service: str) -> str:
        # by hand: a multi-host URL (the primary and its standby) is no URL to yarl
        scheme, rest = self.urls[service].split("://", 1)
        return f"{scheme.split('+')[0]}://{rest}"

    async def unsent_messages(self) -> int:
        """Notifications' messages not yet out: pending (or waiting to be retried), sending."""
        [row] = await self.fetch(
            "notifications",
            "SELECT count(*) AS n FROM messages WHERE status IN ('pending', 'sending')",
        )
        return int(row["n"])
