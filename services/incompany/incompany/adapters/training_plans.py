"""Training plans' queries (R-I2)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import TrainingPlan


async def plan_exists(session: AsyncSession, company_id: UUID, year: int, reference: str) -> bool:
    found = await session.scalar(
        select(TrainingPlan.id).where(
            TrainingPlan.company_id == company_id,
            TrainingPlan.year == year,
            TrainingPlan.reference == reference,
        )
    )
    return found is not None


async def plans_of(session: AsyncSession, company_id: UUID | None) -> list[TrainingPlan]:
    """A company's plans, newest year first; every company's with `company_id` None."""
    query = select(TrainingPlan).order_by(TrainingPlan.year.desc(), TrainingPlan.submitted_at)
    if company_id is not None:
        query = query.where(TrainingPlan.company_id == company_id)
    return list(await session.scalars(query))


async def page_of_plans(
    session: AsyncSession, page: PageRequest, company_id: UUID | None, year: int | None
) -> tuple[list[TrainingPlan], str | None]:
    """Plans, latest submitted first; one company's, and one year's when given (without
    their documents, which are downloaded one by one)."""
    query = select(TrainingPlan).options(defer(TrainingPlan.document))
    if company_id is not None:
        query = query.where(TrainingPlan.company_id == company_id)
    if year is not None:
        query = query.where(TrainingPlan.year == year)
    order = [TrainingPlan.submitted_at, TrainingPlan.id]
    rows = list(await session.scalars(keyset(query, order, page, descending=True)))
    return cut(rows, page, lambda p: (p.submitted_at, p.id))


async def plan_years(session: AsyncSession, company_id: UUID) -> dict[int, UUID]:
    """For each year the company has a plan for, its latest plan's id."""
    years: dict[int, UUID] = {}
    for plan in await plans_of(session, company_id):
        years[plan.year] = plan.id
    return years


async def get_plan(session: AsyncSession, plan_id: UUID) -> TrainingPlan | None:
    return await session.get(TrainingPlan, plan_id)
