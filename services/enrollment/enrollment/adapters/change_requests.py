"""Queries on change requests (R-C5) that handlers share."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.refusals import NotFound
from enrollment.adapters.tables import ChangeRequest


async def has_open_request(session: AsyncSession, booking_id: UUID) -> bool:
    found = await session.scalar(
        select(ChangeRequest.id).where(
            ChangeRequest.booking_id == booking_id, ChangeRequest.state == "open"
        )
    )
    return found is not None


async def locked_request(session: AsyncSession, request_id: UUID) -> ChangeRequest:
    request = await session.scalar(
        select(ChangeRequest).where(ChangeRequest.id == request_id).with_for_update()
    )
    if request is None:
        raise NotFound(f"no change request {request_id}")
    return request


async def requests_in(
    session: AsyncSession, state: Literal["open", "resolved", "all"]
) -> list[ChangeRequest]:
    """Change requests in `state` ("all": every one), oldest first."""
    query = select(ChangeRequest).order_by(ChangeRequest.submitted_at)
    if state != "all":
        query = query.where(ChangeRequest.state == state)
    return list((await session.scalars(query)).all())
