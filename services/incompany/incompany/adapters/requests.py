"""Requests, their availability, proposals and project numbers: the queries (R-I1..R-I4)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import (
    AvailabilitySlot,
    ProjectCounter,
    Proposal,
    ProposalSession,
    TrainingRequest,
)


async def get_request(
    session: AsyncSession, request_id: UUID, *, for_update: bool = False
) -> TrainingRequest | None:
    return await session.get(TrainingRequest, request_id, with_for_update=for_update)


async def list_requests(
    session: AsyncSession, page: PageRequest, company_id: UUID | None, state: str | None
) -> tuple[list[TrainingRequest], str | None]:
    """Requests in the order they came; one company's, one state's when given."""
    query = select(TrainingRequest)
    if company_id is not None:
        query = query.where(TrainingRequest.company_id == company_id)
    if state is not None:
        query = query.where(TrainingRequest.state == state)
    order = [TrainingRequest.created_at, TrainingRequest.id]
    rows = list(await session.scalars(keyset(query, order, page)))
    return cut(rows, page, lambda r: (r.created_at, r.id))


async def availability_of(session: AsyncSession, request_id: UUID) -> list[AvailabilitySlot]:
    return list(
        await session.scalars(
            select(AvailabilitySlot)
            .where(AvailabilitySlot.request_id == request_id)
            .order_by(AvailabilitySlot.starts_at, AvailabilitySlot.id)
        )
    )


async def page_of_availability(
    session: AsyncSession, request_id: UUID, page: PageRequest
) -> tuple[list[AvailabilitySlot], str | None]:
    """A request's availability, earliest first."""
    query = select(AvailabilitySlot).where(AvailabilitySlot.request_id == request_id)
    order = [AvailabilitySlot.starts_at, AvailabilitySlot.id]
    rows = list(await session.scalars(keyset(query, order, page)))
    return cut(rows, page, lambda s: (s.starts_at, s.id))


async def get_slot(session: AsyncSession, slot_id: UUID) -> AvailabilitySlot | None:
    return await session.get(AvailabilitySlot, slot_id)


async def get_proposal(session: AsyncSession, proposal_id: UUID) -> Proposal | None:
    return await session.get(Proposal, proposal_id)


async def proposals_of(session: AsyncSession, request_id: UUID) -> list[Proposal]:
    return list(
        await session.scalars(
            select(Proposal).where(Proposal.request_id == request_id).order_by(Proposal.proposed_at)
        )
    )


async def sessions_of(session: AsyncSession, proposal_id: UUID) -> list[ProposalSession]:
    return list(
        await session.scalars(
            select(ProposalSession)
            .where(ProposalSession.proposal_id == proposal_id)
            .order_by(ProposalSession.position)
        )
    )


async def next_project_sequence(session: AsyncSession, year: int) -> int:
    """The next project number of a Brussels year, held by the row lock until commit."""
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    counters = ProjectCounter.__table__
    await session.execute(
        insert(counters).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"])
    )
    result = await session.execute(
        update(counters)
        .where(counters.c.year == year)
        .values(last=counters.c.last + 1)
        .returning(counters.c.last)
    )
    return int(result.scalar_one())
