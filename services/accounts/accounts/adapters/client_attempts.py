"""Counting attempts per client address and action, for `domain.throttling.client_wait`.

One statement counts an attempt and reads the count (`INSERT ... ON CONFLICT DO
UPDATE ... RETURNING`), so concurrent attempts from one client, on any replica,
each get their own number: a flood cannot slip past the limit by racing it.
The first attempt of a window clears the action's windows that have ended.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import ClientAttempts


async def count_attempt(
    db: AsyncSession, action: str, client: str, window_start: datetime, window: timedelta
) -> int:
    """Count one attempt of `client` at `action` in the window; its number in the window."""
    insert = pg_insert if db.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ClientAttempts).values(
        action=action, client=client, window_start=window_start, count=1
    )
    count = await db.scalar(
        statement.on_conflict_do_update(
            index_elements=["action", "client", "window_start"],
            set_={"count": ClientAttempts.count + 1},
        ).returning(ClientAttempts.count)
    )
    if count == 1:
        await db.execute(
            delete(ClientAttempts).where(
                ClientAttempts.action == action,
                ClientAttempts.window_start < window_start - window,
            )
        )
    return int(count or 0)
