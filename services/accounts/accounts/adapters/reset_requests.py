"""The log of password-reset requests (R-A3): the count that throttles reset emails.

Every request is logged, known address or not, and only as the address's
digest, so the log does not collect the addresses of strangers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import PasswordResetRequest


async def requests_in_last_hour(session: AsyncSession, email_digest: str, now: datetime) -> int:
    """Earlier requests for this address in the hour before `now`."""
    count = await session.scalar(
        select(func.count())
        .select_from(PasswordResetRequest)
        .where(
            PasswordResetRequest.email_digest == email_digest,
            PasswordResetRequest.requested_at > now - timedelta(hours=1),
        )
    )
    return int(count or 0)


def log_request(session: AsyncSession, email_digest: str, now: datetime) -> None:
    session.add(PasswordResetRequest(email_digest=email_digest, requested_at=now))
