"""Queries on change requests (R-C5) that handlers share."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from enrollment.adapters.bookings import seen_in
from enrollment.adapters.tables import Booking, ChangeRequest
from enrollment.domain.access import History
from enrollment.domain.commands import ListChangeRequests
from enrollment.domain.refusals import UnknownChangeRequest


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
        raise UnknownChangeRequest(request_id)
    return request


async def find_request(session: AsyncSession, request_id: UUID) -> ChangeRequest:
    request = await session.get(ChangeRequest, request_id)
    if request is None:
        raise UnknownChangeRequest(request_id)
    return request


async def requests_in(
    session: AsyncSession, history: History, query: ListChangeRequests, page: PageRequest
) -> tuple[list[ChangeRequest], str | None]:
    """One page of the change requests on the bookings in `history`, in `state` ("all":
    every one), of one booking when given, oldest first."""
    statement = select(ChangeRequest)
    seen = seen_in(history)
    if seen is not None:
        statement = statement.join(Booking, Booking.id == ChangeRequest.booking_id).where(seen)
    if query.state != "all":
        statement = statement.where(ChangeRequest.state == query.state)
    if query.booking_id is not None:
        statement = statement.where(ChangeRequest.booking_id == query.booking_id)
    order = [ChangeRequest.submitted_at, ChangeRequest.id]
    rows = list(await session.scalars(keyset(statement, order, page)))
    return cut(rows, page, lambda r: (r.submitted_at, r.id))
