"""Training plans (R-I2): a company records its plan before it may request training."""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from incompany.adapters.tables import TrainingPlan
from incompany.domain import documents
from incompany.domain.refusals import Conflict, NotFound, Refused


async def submit_plan(
    uow: UnitOfWork,
    principal: Principal,
    *,
    year: int,
    reference: str,
    upload: documents.Upload,
    max_bytes: int,
) -> TrainingPlan:
    if principal.company_id is None:
        raise Refused("company: a training plan belongs to a company account")
    reference = reference.strip()
    if not reference:
        raise Refused("reference: is required")
    upload = documents.checked(upload, max_bytes=max_bytes)
    existing = await uow.session.scalar(
        select(TrainingPlan.id).where(
            TrainingPlan.company_id == principal.company_id,
            TrainingPlan.year == year,
            TrainingPlan.reference == reference,
        )
    )
    if existing is not None:
        raise Conflict(f"reference: your company already has plan {reference} for {year}")
    plan = TrainingPlan(
        id=uuid.uuid4(),
        company_id=principal.company_id,
        year=year,
        reference=reference,
        document=upload.content,
        document_name=upload.name,
        content_type=upload.content_type,
        document_size=len(upload.content),
        document_sha256=upload.sha256,
        submitted_by_user_id=principal.user_id,
        submitted_by_email=principal.email.lower(),
        submitted_at=uow.clock.now(),
    )
    uow.session.add(plan)
    try:
        await uow.commit()
    except IntegrityError as error:
        raise Conflict(
            f"reference: your company already has plan {reference} for {year}"
        ) from error
    return plan


async def plans_of(uow: UnitOfWork, company_id: UUID | None) -> list[TrainingPlan]:
    """A company's plans, newest year first; every company's with `company_id` None."""
    query = select(TrainingPlan).order_by(TrainingPlan.year.desc(), TrainingPlan.submitted_at)
    if company_id is not None:
        query = query.where(TrainingPlan.company_id == company_id)
    return list(await uow.session.scalars(query))


async def plan_years(uow: UnitOfWork, company_id: UUID) -> dict[int, UUID]:
    """For each year the company has a plan for, its latest plan's id."""
    plans = await plans_of(uow, company_id)
    years: dict[int, UUID] = {}
    for plan in plans:
        years[plan.year] = plan.id
    return years


async def get_plan(uow: UnitOfWork, plan_id: UUID) -> TrainingPlan:
    plan = await uow.session.get(TrainingPlan, plan_id)
    if plan is None:
        raise NotFound(f"no training plan {plan_id}")
    return plan
